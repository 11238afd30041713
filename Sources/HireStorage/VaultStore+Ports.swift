import HireCore

// A vault is the store of its user's jobs, resumes and runs: it implements HireCore's store
// ports with the methods of VaultStore+Board.swift and VaultStore+Resumes.swift.

extension VaultStore: JobStore {}
extension VaultStore: ResumeStore {}
extension VaultStore: RunStore {}
