import HireCore

// A vault is the store of its user's jobs, resumes, match documents, files, runs, feedback
// on matches, events and applications, and holds the key pair that opens what was sealed to its user:
// it implements every HireCore store port, with the methods of the other VaultStore files.

extension VaultStore: JobStore, ResumeStore, MatchDocumentStore, BlobStore, RunStore, FeedbackStore, EventStore, ApplicationStore, InterviewStore, SealedMailbox,
    ProviderStore, OrgReplicaStore {}
