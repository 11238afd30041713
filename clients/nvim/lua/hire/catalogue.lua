-- Generated from clients/openrpc.json by scripts/generate-editor-catalogues.py: do not edit.
-- The daemon's methods as the plugin needs them before sending a call.
return {
  version = "0.1.0",
  methods = {
    ["applications.export"] = {
      summary = "Export the applications to your posting as CSV.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "postingId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["applications.get"] = {
      summary = "Fetch one application with its resume and cover letter.",
      access = "session",
      progress = false,
      params = {
        { name = "applicationId", required = true, type = "string", enum = {} },
      },
    },
    ["applications.list"] = {
      summary = "List applications to your postings, best match first, with profiles and explanations.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "postingId", required = false, type = "string", enum = {} },
        { name = "status", required = false, type = "string", enum = { "submitted", "screening", "interviewing", "offered", "hired", "rejected", "withdrawn" } },
        { name = "sort", required = false, type = "object", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["applications.mine"] = {
      summary = "List your applications, newest first, with their status history.",
      access = "candidate",
      progress = false,
      params = {
        { name = "status", required = false, type = "string", enum = { "submitted", "screening", "interviewing", "offered", "hired", "rejected", "withdrawn" } },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["applications.setStatus"] = {
      summary = "Move applications to your postings along the pipeline, with a note.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "applicationIds", required = true, type = "array", enum = {} },
        { name = "status", required = true, type = "string", enum = { "submitted", "screening", "interviewing", "offered", "hired", "rejected", "withdrawn" } },
        { name = "note", required = false, type = "string", enum = {} },
      },
    },
    ["applications.submit"] = {
      summary = "Apply to an open posting with one of your resumes.",
      access = "candidate",
      progress = false,
      params = {
        { name = "postingId", required = true, type = "string", enum = {} },
        { name = "resumeId", required = true, type = "string", enum = {} },
        { name = "coverLetter", required = false, type = "string", enum = {} },
        { name = "coverLetterPath", required = false, type = "string", enum = {} },
      },
    },
    ["applications.withdraw"] = {
      summary = "Withdraw one of your applications.",
      access = "candidate",
      progress = false,
      params = {
        { name = "applicationId", required = true, type = "string", enum = {} },
      },
    },
    ["auth.attach"] = {
      summary = "Bind this connection to an existing session by its token.",
      access = "public",
      progress = false,
      params = {
        { name = "token", required = true, type = "string", enum = {} },
      },
    },
    ["auth.changePassword"] = {
      summary = "Change the password; your other sessions end.",
      access = "session",
      progress = false,
      params = {
        { name = "currentPassword", required = true, type = "string", enum = {} },
        { name = "newPassword", required = true, type = "string", enum = {} },
      },
    },
    ["auth.deleteAccount"] = {
      summary = "Delete your account and destroy its data for good.",
      access = "session",
      progress = false,
      params = {
        { name = "password", required = true, type = "string", enum = {} },
      },
    },
    ["auth.login"] = {
      summary = "Log in; the token is bound to this connection and to your uid.",
      access = "public",
      progress = false,
      params = {
        { name = "login", required = true, type = "string", enum = {} },
        { name = "password", required = true, type = "string", enum = {} },
        { name = "ttlSeconds", required = false, type = "integer", enum = {} },
      },
    },
    ["auth.logout"] = {
      summary = "End this session (or all of yours).",
      access = "session",
      progress = false,
      params = {
        { name = "all", required = false, type = "boolean", enum = {} },
      },
    },
    ["auth.recover"] = {
      summary = "Set a new password with the recovery key; a new recovery key is issued.",
      access = "public",
      progress = false,
      params = {
        { name = "login", required = true, type = "string", enum = {} },
        { name = "recoveryKey", required = true, type = "string", enum = {} },
        { name = "newPassword", required = true, type = "string", enum = {} },
      },
    },
    ["auth.register"] = {
      summary = "Create an account; its recovery key is shown once.",
      access = "public",
      progress = false,
      params = {
        { name = "username", required = true, type = "string", enum = {} },
        { name = "email", required = true, type = "string", enum = {} },
        { name = "password", required = true, type = "string", enum = {} },
        { name = "role", required = true, type = "string", enum = { "recruiter", "candidate" } },
        { name = "displayName", required = false, type = "string", enum = {} },
      },
    },
    ["auth.revoke"] = {
      summary = "End one of your sessions.",
      access = "session",
      progress = false,
      params = {
        { name = "sessionId", required = true, type = "string", enum = {} },
      },
    },
    ["auth.sessions"] = {
      summary = "List your sessions.",
      access = "session",
      progress = false,
      params = {
      },
    },
    ["auth.whoami"] = {
      summary = "Show the logged-in user.",
      access = "session",
      progress = false,
      params = {
      },
    },
    ["daemon.ping"] = {
      summary = "Check that the daemon answers.",
      access = "public",
      progress = false,
      params = {
      },
    },
    ["daemon.status"] = {
      summary = "Show the daemon's version, mode, socket, data directory and load.",
      access = "public",
      progress = false,
      params = {
      },
    },
    ["events.list"] = {
      summary = "List the events after a cursor, oldest first.",
      access = "session",
      progress = false,
      params = {
        { name = "since", required = false, type = "integer", enum = {} },
        { name = "topics", required = false, type = "array", enum = { "run.completed", "run.failed", "application.received", "application.status", "interview.assigned", "interview.submitted", "interview.reviewed", "posting.closed" } },
        { name = "limit", required = false, type = "integer", enum = {} },
      },
    },
    ["events.subscribe"] = {
      summary = "Subscribe to new events (events.event notifications); hire events watch prints them.",
      access = "session",
      progress = false,
      params = {
        { name = "topics", required = false, type = "array", enum = { "run.completed", "run.failed", "application.received", "application.status", "interview.assigned", "interview.submitted", "interview.reviewed", "posting.closed" } },
      },
    },
    ["events.unsubscribe"] = {
      summary = "Stop the events.event notifications on this connection.",
      access = "session",
      progress = false,
      params = {
      },
    },
    ["history.delete"] = {
      summary = "Delete runs from the history.",
      access = "session",
      progress = false,
      params = {
        { name = "runIds", required = true, type = "array", enum = {} },
      },
    },
    ["history.export"] = {
      summary = "Export one CSV per run (its parameters, summary and results).",
      access = "session",
      progress = false,
      params = {
        { name = "runIds", required = true, type = "array", enum = {} },
        { name = "dir", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["history.get"] = {
      summary = "Show one run with its parameters and results.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
      },
    },
    ["history.list"] = {
      summary = "List processing runs, newest first.",
      access = "session",
      progress = false,
      params = {
        { name = "kind", required = false, type = "string", enum = {} },
        { name = "from", required = false, type = "string", enum = {} },
        { name = "to", required = false, type = "string", enum = {} },
        { name = "status", required = false, type = "string", enum = { "pending", "queued", "running", "completed", "failed", "cancelled" } },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["history.original"] = {
      summary = "Download the CSV an import run read, verified.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["interviews.answer"] = {
      summary = "Answer one question of your interview (again to change it) until you submit.",
      access = "candidate",
      progress = false,
      params = {
        { name = "interviewId", required = true, type = "string", enum = {} },
        { name = "questionId", required = true, type = "string", enum = {} },
        { name = "text", required = false, type = "string", enum = {} },
        { name = "artifacts", required = false, type = "array", enum = {} },
        { name = "artifactsData", required = false, type = "array", enum = {} },
        { name = "removeArtifacts", required = false, type = "array", enum = {} },
      },
    },
    ["interviews.artifact"] = {
      summary = "Fetch a file attached to an answer.",
      access = "session",
      progress = false,
      params = {
        { name = "interviewId", required = true, type = "string", enum = {} },
        { name = "artifactId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["interviews.create"] = {
      summary = "Write an interview for an application to your posting and send it to the candidate.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "applicationId", required = true, type = "string", enum = {} },
        { name = "count", required = false, type = "integer", enum = {} },
        { name = "topics", required = false, type = "array", enum = {} },
        { name = "provider", required = false, type = "string", enum = {} },
      },
    },
    ["interviews.get"] = {
      summary = "Fetch one interview: questions, answers and, once submitted, the assessment.",
      access = "session",
      progress = false,
      params = {
        { name = "interviewId", required = true, type = "string", enum = {} },
      },
    },
    ["interviews.list"] = {
      summary = "List your interviews: those you created, or those you were sent.",
      access = "session",
      progress = false,
      params = {
        { name = "applicationId", required = false, type = "string", enum = {} },
        { name = "status", required = false, type = "string", enum = { "assigned", "in_progress", "submitted", "reviewed" } },
      },
    },
    ["interviews.review"] = {
      summary = "Review a submitted interview; the application's status follows the decision.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "interviewId", required = true, type = "string", enum = {} },
        { name = "decision", required = true, type = "string", enum = { "advance", "hold", "reject" } },
        { name = "rating", required = false, type = "integer", enum = {} },
        { name = "notes", required = false, type = "string", enum = {} },
      },
    },
    ["interviews.submit"] = {
      summary = "Submit your answers: they are assessed and sent to the recruiter.",
      access = "candidate",
      progress = false,
      params = {
        { name = "interviewId", required = true, type = "string", enum = {} },
      },
    },
    ["jobs.attachDescription"] = {
      summary = "Attach a job description (a file or text) and profile it.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "text", required = false, type = "string", enum = {} },
      },
    },
    ["jobs.confirmDescription"] = {
      summary = "Confirm that a job's stale description still describes it.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = true, type = "string", enum = {} },
      },
    },
    ["jobs.create"] = {
      summary = "Add a job to the board.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "company", required = false, type = "string", enum = {} },
        { name = "position", required = false, type = "string", enum = {} },
        { name = "city", required = false, type = "string", enum = {} },
        { name = "state", required = false, type = "string", enum = {} },
        { name = "country", required = false, type = "string", enum = {} },
        { name = "salary", required = false, type = "string", enum = {} },
        { name = "bonus", required = false, type = "string", enum = {} },
        { name = "received", required = false, type = "string", enum = {} },
        { name = "conditionalFee", required = false, type = "string", enum = {} },
        { name = "internal", required = false, type = "string", enum = {} },
        { name = "clientRating", required = false, type = "string", enum = {} },
        { name = "cat", required = false, type = "string", enum = {} },
        { name = "visa", required = false, type = "string", enum = {} },
        { name = "hrHm", required = false, type = "string", enum = {} },
        { name = "cm", required = false, type = "string", enum = {} },
        { name = "pipelineNumber", required = false, type = "string", enum = {} },
        { name = "pipelineCandidates", required = false, type = "string", enum = {} },
        { name = "notes", required = false, type = "string", enum = {} },
        { name = "industrySegment", required = false, type = "string", enum = {} },
        { name = "description", required = false, type = "string", enum = {} },
      },
    },
    ["jobs.delete"] = {
      summary = "Delete jobs.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobIds", required = true, type = "array", enum = {} },
      },
    },
    ["jobs.descriptionOriginal"] = {
      summary = "Download the file a job's description was read from, verified.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["jobs.export"] = {
      summary = "Export jobs as CSV: the 20 columns in board order, then extra columns.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "path", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
        { name = "filters", required = false, type = "object", enum = {} },
        { name = "query", required = false, type = "string", enum = {} },
      },
    },
    ["jobs.get"] = {
      summary = "Fetch one job with its description and profile.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = true, type = "string", enum = {} },
      },
    },
    ["jobs.import"] = {
      summary = "Import jobs from a CSV in the export format (as mtb.import).",
      access = "recruiter",
      progress = true,
      params = {
        { name = "path", required = false, type = "string", enum = {} },
        { name = "csv", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "mode", required = false, type = "string", enum = { "merge", "replace" } },
        { name = "onError", required = false, type = "string", enum = { "abort", "skip" } },
        { name = "dryRun", required = false, type = "boolean", enum = {} },
        { name = "confirm", required = false, type = "boolean", enum = {} },
        { name = "maxRemoveShare", required = false, type = "number", enum = {} },
        { name = "background", required = false, type = "boolean", enum = {} },
      },
    },
    ["jobs.list"] = {
      summary = "List jobs, filtered, searched and sorted, a page at a time.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "filters", required = false, type = "object", enum = {} },
        { name = "query", required = false, type = "string", enum = {} },
        { name = "sort", required = false, type = "object", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["jobs.process"] = {
      summary = "Turn job descriptions and board rows into structured profiles.",
      access = "recruiter",
      progress = true,
      params = {
        { name = "jobIds", required = false, type = "array", enum = {} },
        { name = "filters", required = false, type = "object", enum = {} },
        { name = "provider", required = false, type = "string", enum = {} },
        { name = "background", required = false, type = "boolean", enum = {} },
      },
    },
    ["jobs.search"] = {
      summary = "Full-text search of jobs, best first, with snippets.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "query", required = true, type = "string", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
      },
    },
    ["jobs.update"] = {
      summary = "Change some columns of a job.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "company", required = false, type = "string", enum = {} },
        { name = "position", required = false, type = "string", enum = {} },
        { name = "city", required = false, type = "string", enum = {} },
        { name = "state", required = false, type = "string", enum = {} },
        { name = "country", required = false, type = "string", enum = {} },
        { name = "salary", required = false, type = "string", enum = {} },
        { name = "bonus", required = false, type = "string", enum = {} },
        { name = "received", required = false, type = "string", enum = {} },
        { name = "conditionalFee", required = false, type = "string", enum = {} },
        { name = "internal", required = false, type = "string", enum = {} },
        { name = "clientRating", required = false, type = "string", enum = {} },
        { name = "cat", required = false, type = "string", enum = {} },
        { name = "visa", required = false, type = "string", enum = {} },
        { name = "hrHm", required = false, type = "string", enum = {} },
        { name = "cm", required = false, type = "string", enum = {} },
        { name = "pipelineNumber", required = false, type = "string", enum = {} },
        { name = "pipelineCandidates", required = false, type = "string", enum = {} },
        { name = "notes", required = false, type = "string", enum = {} },
        { name = "industrySegment", required = false, type = "string", enum = {} },
        { name = "description", required = false, type = "string", enum = {} },
      },
    },
    ["match.export"] = {
      summary = "Export a matching run as CSV, one row per match.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["match.feedback"] = {
      summary = "Label one match of a run a good or bad fit, to learn your ranking from.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
        { name = "resumeId", required = true, type = "string", enum = {} },
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "label", required = true, type = "string", enum = { "good", "bad", "0", "1", "2", "3" } },
      },
    },
    ["match.get"] = {
      summary = "Fetch the results of a matching run.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
      },
    },
    ["match.model"] = {
      summary = "Show the ranking learned from your feedback, or reset it to the default.",
      access = "session",
      progress = false,
      params = {
        { name = "reset", required = false, type = "boolean", enum = {} },
        { name = "forgetLabels", required = false, type = "boolean", enum = {} },
      },
    },
    ["match.run"] = {
      summary = "Rank jobs for resumes (or resumes for jobs), with explanations.",
      access = "session",
      progress = true,
      params = {
        { name = "resumeIds", required = false, type = "array", enum = {} },
        { name = "jobIds", required = false, type = "array", enum = {} },
        { name = "filters", required = false, type = "object", enum = {} },
        { name = "require", required = false, type = "array", enum = {} },
        { name = "topK", required = false, type = "integer", enum = {} },
        { name = "per", required = false, type = "string", enum = { "resume", "job" } },
        { name = "provider", required = false, type = "string", enum = {} },
        { name = "background", required = false, type = "boolean", enum = {} },
      },
    },
    ["mtb.columns"] = {
      summary = "List the 20 board columns (wire key and CSV header) in board order.",
      access = "session",
      progress = false,
      params = {
      },
    },
    ["mtb.filter"] = {
      summary = "Find the jobs whose columns equal the values given (exact match).",
      access = "recruiter",
      progress = false,
      params = {
        { name = "filters", required = true, type = "object", enum = {} },
        { name = "save", required = false, type = "boolean", enum = {} },
        { name = "includeRows", required = false, type = "boolean", enum = {} },
      },
    },
    ["mtb.import"] = {
      summary = "Import a Master Tracking Board CSV (merge or replace).",
      access = "recruiter",
      progress = true,
      params = {
        { name = "path", required = false, type = "string", enum = {} },
        { name = "csv", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "mode", required = false, type = "string", enum = { "merge", "replace" } },
        { name = "onError", required = false, type = "string", enum = { "abort", "skip" } },
        { name = "dryRun", required = false, type = "boolean", enum = {} },
        { name = "confirm", required = false, type = "boolean", enum = {} },
        { name = "maxRemoveShare", required = false, type = "number", enum = {} },
        { name = "background", required = false, type = "boolean", enum = {} },
      },
    },
    ["mtb.undo"] = {
      summary = "Put the board back as it was before the last replacing import (the same day).",
      access = "recruiter",
      progress = false,
      params = {
      },
    },
    ["mtb.values"] = {
      summary = "List a column's distinct values with counts, most frequent first.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "column", required = true, type = "string", enum = {} },
        { name = "prefix", required = false, type = "string", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
      },
    },
    ["orgs.board"] = {
      summary = "List the jobs of an org's shared board.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "includeDescriptions", required = false, type = "boolean", enum = {} },
      },
    },
    ["orgs.compact"] = {
      summary = "Store an encrypted, signed snapshot of the org for new members to start from.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
      },
    },
    ["orgs.create"] = {
      summary = "Create an organisation, with you as its admin.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "name", required = true, type = "string", enum = {} },
      },
    },
    ["orgs.describe"] = {
      summary = "Attach a description (a file or text) to a job of an org's shared board, and profile it.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "text", required = false, type = "string", enum = {} },
      },
    },
    ["orgs.edit"] = {
      summary = "Set columns of a job on an org's shared board, or delete it.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "jobId", required = true, type = "string", enum = {} },
        { name = "set", required = false, type = "object", enum = {} },
        { name = "delete", required = false, type = "boolean", enum = {} },
      },
    },
    ["orgs.filter"] = {
      summary = "Find the jobs of an org's shared board whose columns equal the values given (exact match).",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "filters", required = true, type = "object", enum = {} },
        { name = "includeDescriptions", required = false, type = "boolean", enum = {} },
      },
    },
    ["orgs.import"] = {
      summary = "Import a Master Tracking Board CSV into an org's shared board (merge or replace).",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "csv", required = false, type = "string", enum = {} },
        { name = "mode", required = false, type = "string", enum = { "merge", "replace" } },
        { name = "dryRun", required = false, type = "boolean", enum = {} },
        { name = "confirm", required = false, type = "boolean", enum = {} },
      },
    },
    ["orgs.invite"] = {
      summary = "Make a one-time invitation code for a new member (admins).",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "role", required = true, type = "string", enum = {} },
        { name = "expiresIn", required = false, type = "integer", enum = {} },
      },
    },
    ["orgs.join"] = {
      summary = "Join an org with an invitation code.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "code", required = true, type = "string", enum = {} },
      },
    },
    ["orgs.leave"] = {
      summary = "Leave an org; an admin's daemon then moves it to a new key.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
      },
    },
    ["orgs.list"] = {
      summary = "List the orgs you belong to (or belonged to).",
      access = "recruiter",
      progress = false,
      params = {
      },
    },
    ["orgs.members"] = {
      summary = "List an org's members and roles.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
      },
    },
    ["orgs.remove"] = {
      summary = "Remove a member (admins): the org moves to a new key they never receive.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "userId", required = true, type = "string", enum = {} },
      },
    },
    ["orgs.resumes"] = {
      summary = "List the resumes members shared with an org.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "includeText", required = false, type = "boolean", enum = {} },
      },
    },
    ["orgs.status"] = {
      summary = "Show an org's sync: pending changes, last sync, lag, rejected entries.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "contentHash", required = false, type = "boolean", enum = {} },
      },
    },
    ["orgs.values"] = {
      summary = "List a column's distinct values on an org's shared board, with counts, most frequent first.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "column", required = true, type = "string", enum = {} },
        { name = "prefix", required = false, type = "string", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
      },
    },
    ["postings.close"] = {
      summary = "Close your posting to new applications.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "postingId", required = true, type = "string", enum = {} },
      },
    },
    ["postings.delete"] = {
      summary = "Delete your posting (applications already received stay in your vault).",
      access = "recruiter",
      progress = false,
      params = {
        { name = "postingId", required = true, type = "string", enum = {} },
      },
    },
    ["postings.get"] = {
      summary = "Fetch one posting.",
      access = "session",
      progress = false,
      params = {
        { name = "postingId", required = true, type = "string", enum = {} },
      },
    },
    ["postings.list"] = {
      summary = "List open postings, searched, filtered and sorted, a page at a time.",
      access = "session",
      progress = false,
      params = {
        { name = "query", required = false, type = "string", enum = {} },
        { name = "filters", required = false, type = "object", enum = {} },
        { name = "sort", required = false, type = "object", enum = {} },
        { name = "includeClosed", required = false, type = "boolean", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["postings.match"] = {
      summary = "Rank open postings against one of your resumes, with explanations.",
      access = "candidate",
      progress = false,
      params = {
        { name = "resumeId", required = true, type = "string", enum = {} },
        { name = "topK", required = false, type = "integer", enum = {} },
      },
    },
    ["postings.publish"] = {
      summary = "Publish a job ad from a board job or from scratch.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "jobId", required = false, type = "string", enum = {} },
        { name = "title", required = false, type = "string", enum = {} },
        { name = "company", required = false, type = "string", enum = {} },
        { name = "location", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = { "onsite", "hybrid", "remote" } },
        { name = "employmentType", required = false, type = "string", enum = {} },
        { name = "salary", required = false, type = "string", enum = {} },
        { name = "description", required = false, type = "string", enum = {} },
        { name = "closesAt", required = false, type = "string", enum = {} },
        { name = "orgId", required = false, type = "string", enum = {} },
      },
    },
    ["postings.update"] = {
      summary = "Change fields of your posting.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "postingId", required = true, type = "string", enum = {} },
        { name = "title", required = false, type = "string", enum = {} },
        { name = "company", required = false, type = "string", enum = {} },
        { name = "location", required = false, type = "string", enum = {} },
        { name = "remote", required = false, type = "string", enum = { "onsite", "hybrid", "remote" } },
        { name = "employmentType", required = false, type = "string", enum = {} },
        { name = "salary", required = false, type = "string", enum = {} },
        { name = "description", required = false, type = "string", enum = {} },
        { name = "closesAt", required = false, type = "string", enum = {} },
      },
    },
    ["providers.delete"] = {
      summary = "Delete an LLM provider, its API key and the answers cached from it.",
      access = "session",
      progress = false,
      params = {
        { name = "name", required = true, type = "string", enum = {} },
      },
    },
    ["providers.list"] = {
      summary = "List your LLM providers and the machine-wide one (API keys are never shown).",
      access = "session",
      progress = false,
      params = {
      },
    },
    ["providers.set"] = {
      summary = "Add an LLM provider, or change the one with this name.",
      access = "session",
      progress = false,
      params = {
        { name = "name", required = true, type = "string", enum = {} },
        { name = "kind", required = true, type = "string", enum = { "openai", "anthropic" } },
        { name = "baseURL", required = true, type = "string", enum = {} },
        { name = "model", required = true, type = "string", enum = {} },
        { name = "apiKey", required = false, type = "string", enum = {} },
        { name = "maxConcurrency", required = false, type = "integer", enum = {} },
        { name = "allowPersonalData", required = false, type = "boolean", enum = {} },
        { name = "timeoutSeconds", required = false, type = "number", enum = {} },
      },
    },
    ["providers.test"] = {
      summary = "Send one tiny request to an LLM provider: reachable, model known, JSON answer, latency.",
      access = "session",
      progress = false,
      params = {
        { name = "name", required = true, type = "string", enum = {} },
      },
    },
    ["resumes.add"] = {
      summary = "Add resumes from DOCX, PDF, text or Markdown files, or from text.",
      access = "session",
      progress = true,
      params = {
        { name = "path", required = false, type = "string", enum = {} },
        { name = "paths", required = false, type = "array", enum = {} },
        { name = "remote", required = false, type = "string", enum = {} },
        { name = "text", required = false, type = "string", enum = {} },
        { name = "filename", required = false, type = "string", enum = {} },
        { name = "name", required = false, type = "string", enum = {} },
        { name = "allowDuplicates", required = false, type = "boolean", enum = {} },
        { name = "provider", required = false, type = "string", enum = {} },
        { name = "background", required = false, type = "boolean", enum = {} },
      },
    },
    ["resumes.delete"] = {
      summary = "Delete resumes and their original files.",
      access = "session",
      progress = false,
      params = {
        { name = "resumeIds", required = true, type = "array", enum = {} },
      },
    },
    ["resumes.get"] = {
      summary = "Fetch one resume and its profile.",
      access = "session",
      progress = false,
      params = {
        { name = "resumeId", required = true, type = "string", enum = {} },
        { name = "includeText", required = false, type = "boolean", enum = {} },
      },
    },
    ["resumes.list"] = {
      summary = "List resumes, newest first, optionally searched.",
      access = "session",
      progress = false,
      params = {
        { name = "query", required = false, type = "string", enum = {} },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["resumes.original"] = {
      summary = "Download a resume's original file, verified.",
      access = "session",
      progress = false,
      params = {
        { name = "resumeId", required = true, type = "string", enum = {} },
        { name = "path", required = false, type = "string", enum = {} },
        { name = "overwrite", required = false, type = "boolean", enum = {} },
      },
    },
    ["resumes.share"] = {
      summary = "Share one of your resumes with an org, or stop sharing it.",
      access = "recruiter",
      progress = false,
      params = {
        { name = "resumeId", required = true, type = "string", enum = {} },
        { name = "orgId", required = true, type = "string", enum = {} },
        { name = "unshare", required = false, type = "boolean", enum = {} },
      },
    },
    ["rpc.discover"] = {
      summary = "Describe every method as an OpenRPC 1.3 document.",
      access = "public",
      progress = false,
      params = {
      },
    },
    ["runs.cancel"] = {
      summary = "Cancel a queued or running background run.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
      },
    },
    ["runs.get"] = {
      summary = "Show one run with its status and progress.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
      },
    },
    ["runs.list"] = {
      summary = "List runs, newest first (as history.list).",
      access = "session",
      progress = false,
      params = {
        { name = "kind", required = false, type = "string", enum = {} },
        { name = "from", required = false, type = "string", enum = {} },
        { name = "to", required = false, type = "string", enum = {} },
        { name = "status", required = false, type = "string", enum = { "pending", "queued", "running", "completed", "failed", "cancelled" } },
        { name = "limit", required = false, type = "integer", enum = {} },
        { name = "cursor", required = false, type = "string", enum = {} },
      },
    },
    ["runs.wait"] = {
      summary = "Wait for a run to end and show it.",
      access = "session",
      progress = false,
      params = {
        { name = "runId", required = true, type = "string", enum = {} },
        { name = "timeoutSeconds", required = false, type = "number", enum = {} },
      },
    },
    ["stats.get"] = {
      summary = "Count jobs, resumes and runs by kind.",
      access = "session",
      progress = false,
      params = {
      },
    },
    ["vault.verify"] = {
      summary = "Check every page and blob of your vault and report what is damaged.",
      access = "session",
      progress = false,
      params = {
      },
    },
  },
}
