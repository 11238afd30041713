;;; hire.el --- Job board, matching and applications from hired  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The hired authors

;; Author: The hired authors <hired@localhost>
;; Maintainer: The hired authors <hired@localhost>
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1"))
;; Keywords: tools, comm
;; URL: https://example.invalid/hired

;; This file is not part of GNU Emacs.

;;; Commentary:

;; A client for hired, the recruiting daemon, over its Unix socket with the built-in
;; jsonrpc.el.  Every call is asynchronous: commands return at once and fill their buffer
;; when the daemon answers, so Emacs never waits.
;;
;;   M-x hire-login           log in (the password is read with `read-passwd')
;;   M-x hire-attach          attach to the session `hire login' saved
;;   M-x hire-jobs            the board in a `tabulated-list-mode' buffer: f filters by a
;;                            column, / searches, RET opens a job's description
;;   M-x hire-match-buffer    the current buffer (a resume, or a job's description) against
;;                            the board: ranked results with their explanations
;;   M-x hire-applications    a recruiter's applications, best match first
;;   M-x hire-events          show events as messages
;;
;; Progress of long calls is shown in the echo area.  The methods and their params come
;; from hire-catalogue.el, generated from the daemon's clients/openrpc.json.

;;; Code:

(require 'cl-lib)
(require 'jsonrpc)
(require 'tabulated-list)
(require 'subr-x)
(require 'hire-catalogue)

(defgroup hire nil
  "Client for the hired recruiting daemon."
  :group 'tools
  :prefix "hire-")

(defcustom hire-socket nil
  "The daemon's socket; nil finds it as `hire' does."
  :type '(choice (const :tag "As hire finds it" nil) file))

(defcustom hire-match-top 10
  "How many results `hire-match-buffer' keeps."
  :type 'integer)

(defcustom hire-page-size 200
  "How many jobs `hire-jobs' fetches."
  :type 'integer)

(defvar hire--connection nil "The jsonrpc connection to hired, or nil.")
(defvar hire--token nil "The session token (in memory only), to attach again after a reconnect.")
(defvar hire--bound nil "Non-nil when `hire--connection' holds the session.")
(defvar hire--user nil "The logged-in user, a plist.")
(defvar hire--topics nil "Event topics subscribed to (t for all), subscribed again after a reconnect.")
(defvar hire--progress-handlers (make-hash-table :test #'equal)
  "Progress token -> function of the progress value.")
(defvar hire--next-token 0 "The last progress token number used.")

;;;; Finding the daemon

(defun hire--user-socket ()
  "The user socket: under $XDG_RUNTIME_DIR when it is safe, else /tmp/hired-UID."
  (let* ((runtime (getenv "XDG_RUNTIME_DIR"))
         (attrs (and runtime (string-prefix-p "/" runtime) (file-attributes runtime 'integer))))
    (if (and attrs (eq (file-attribute-type attrs) t)
             (eql (file-attribute-user-id attrs) (user-uid))
             (not (eq (aref (file-attribute-modes attrs) 5) ?w))
             (not (eq (aref (file-attribute-modes attrs) 8) ?w)))
        (expand-file-name "hired/rpc.sock" runtime)
      (format "/tmp/hired-%d/rpc.sock" (user-uid)))))

(defun hire--socket ()
  "The socket: `hire-socket', $HIRED_SOCKET, the user socket, the machine one."
  (or hire-socket
      (let ((env (getenv "HIRED_SOCKET"))) (and env (not (string-empty-p env)) env))
      (let ((user (hire--user-socket)))
        (cond ((file-exists-p user) user)
              ((file-exists-p "/run/hired/rpc.sock") "/run/hired/rpc.sock")
              (t user)))))

(defun hire--session-file ()
  "The CLI's session file: $HIRE_SESSION_FILE, else session beside the user socket."
  (let ((env (getenv "HIRE_SESSION_FILE")))
    (if (and env (not (string-empty-p env)))
        env
      (expand-file-name "session" (file-name-directory (hire--user-socket))))))

(defun hire--saved-token (socket)
  "The token `hire login' saved for SOCKET, or nil."
  (let ((file (hire--session-file)))
    (when (file-readable-p file)
      (condition-case nil
          ;; {"sessions": {socket: token}}; earlier versions wrote one {"socket", "token"}.
          (let* ((saved (json-parse-string
                         (with-temp-buffer (insert-file-contents file) (buffer-string))
                         :object-type 'hash-table))
                 (sessions (gethash "sessions" saved))
                 (token (or (and (hash-table-p sessions) (gethash socket sessions))
                            (and (equal (gethash "socket" saved) socket) (gethash "token" saved)))))
            (and (stringp token) token))
        (error nil)))))

;;;; Calls

(defun hire--error-text (err)
  "A readable line for the JSON-RPC error ERR."
  (let* ((data (plist-get err :data))
         (text (or (plist-get err :message) "error")))
    (when (and data (listp data))
      (when (plist-get data :param)
        (setq text (format "%s (param %s)" text (plist-get data :param))))
      (when (plist-get data :reason)
        (setq text (format "%s: %s" text (plist-get data :reason))))
      (when (plist-get data :retryAfterSeconds)
        (setq text (format "%s (retry after %s s)" text (plist-get data :retryAfterSeconds)))))
    (if (and (plist-get err :code) (not (eql (plist-get err :code) -1)))
        (format "%s [%s]" text (plist-get err :code))
      text)))

(defun hire--report (err)
  "Show ERR in the echo area."
  (message "hire: %s" (hire--error-text err)))

(defun hire--check (method params)
  "Why METHOD with PARAMS (a plist) does not fit the catalogue, or nil."
  (let ((entry (assoc method hire-catalogue-methods)))
    (if (not entry)
        (format "hired has no method %s" method)
      (let* ((specs (plist-get (cdr entry) :params))
             (known (mapcar #'car specs))
             (given (cl-loop for (key _value) on params by #'cddr
                             collect (substring (symbol-name key) 1))))
        (or (cl-loop for spec in specs
                     when (and (plist-get (cdr spec) :required) (not (member (car spec) given)))
                     return (format "%s: missing param %s" method (car spec)))
            (cl-loop for name in given
                     unless (or (member name known) (equal name "_meta"))
                     return (format "%s: unknown param %s" method name)))))))

(defun hire--notification (_conn method params)
  "Handle the notification METHOD with PARAMS from the daemon."
  (pcase method
    ('$/progress
     (let ((handler (gethash (plist-get params :token) hire--progress-handlers)))
       (when handler (funcall handler (plist-get params :value)))))
    ('events.event
     (message "hire event %s %s" (plist-get params :topic)
              (if (plist-get params :data)
                  (json-serialize (plist-get params :data) :null-object nil :false-object :json-false)
                "")))))

(defun hire--connection ()
  "The live connection to hired, made when there is none."
  (unless (and hire--connection (jsonrpc-running-p hire--connection))
    (setq hire--bound nil)
    (let* ((socket (hire--socket))
           (proc (condition-case err
                     (make-network-process :name "hire" :family 'local :service socket
                                           :noquery t :coding 'utf-8-emacs-unix)
                   (file-error (user-error "hire: cannot connect to hired at %s: %s" socket
                                           (error-message-string err))))))
      (setq hire--connection
            (make-instance 'jsonrpc-process-connection
                           :name "hire"
                           :process proc
                           ;; 0: no events buffer, so no password or resume text is kept there
                           :events-buffer-scrollback-size 0
                           :notification-dispatcher #'hire--notification
                           :on-shutdown (lambda (_conn) (setq hire--bound nil))))))
  hire--connection)

(defun hire--progress-text (method value)
  "The echo-area line for progress VALUE of METHOD."
  (let ((done (plist-get value :done)) (total (plist-get value :total)))
    (concat (format "hire: %s" method)
            (if (plist-get value :stage) (format " %s" (plist-get value :stage)) "")
            (cond ((and (numberp done) (numberp total) (> total 0))
                   (format " %d/%d (%d%%)" done total (/ (* 100 done) total)))
                  ((numberp done) (format " %d" done))
                  (t "")))))

(cl-defun hire-call (method params &key on-success on-error on-progress)
  "Call METHOD (a string) with PARAMS (a plist or nil), asynchronously.
ON-SUCCESS gets the result, ON-ERROR the error plist (default: a
message), ON-PROGRESS each progress value (default: the echo area).
The call is checked against the catalogue first.  After a reconnect
the session is attached again (a barrier on the daemon, so the next
call is pipelined behind it)."
  (let ((problem (hire--check method params))
        (on-error (or on-error #'hire--report)))
    (unless problem
      (condition-case err
          (hire--connection)
        (user-error (setq problem (string-remove-prefix "hire: " (error-message-string err))))))
    (if problem
        (progn (funcall on-error (list :code -1 :message problem)) nil)
      (let ((conn (hire--connection)))
        (when (and hire--token (not hire--bound)
                   (not (member method '("auth.login" "auth.attach"))))
          (setq hire--bound t)
          (jsonrpc-async-request conn 'auth.attach (list :token hire--token)
                                 :timeout nil
                                 :success-fn #'ignore
                                 :error-fn (lambda (err)
                                             (setq hire--token nil hire--bound nil)
                                             (message "hire: the session ended: %s; M-x hire-login"
                                                      (hire--error-text err))))
          (when hire--topics
            (jsonrpc-async-request conn 'events.subscribe
                                   (and (listp hire--topics) (list :topics (vconcat hire--topics)))
                                   :timeout nil :success-fn #'ignore :error-fn #'ignore)))
        (let (token)
          (when (plist-get (cdr (assoc method hire-catalogue-methods)) :progress)
            (setq token (format "emacs-%d" (cl-incf hire--next-token)))
            (setq params (append params (list :_meta (list :progressToken token))))
            (puthash token (or on-progress
                               (lambda (value)
                                 (let ((message-log-max nil))
                                   (message "%s" (hire--progress-text method value)))))
                     hire--progress-handlers))
          (jsonrpc-async-request
           conn (intern method) params
           :timeout nil
           :success-fn (lambda (result)
                         (when token (remhash token hire--progress-handlers))
                         (when on-success (funcall on-success result)))
           :error-fn (lambda (err)
                       (when token (remhash token hire--progress-handlers))
                       (funcall on-error err))))
        t))))

;;;; Sessions

(defun hire--after-login (result token)
  "Keep the session of RESULT (from auth.login or auth.attach) and its TOKEN."
  (setq hire--token token hire--bound t hire--user (plist-get result :user)))

;;;###autoload
(defun hire-login (login password &optional callback)
  "Log in to hired as LOGIN with PASSWORD.
CALLBACK gets the user (or nil and the error)."
  (interactive
   (let ((login (read-string "hired login: ")))
     (list login (read-passwd (format "Password for %s: " login)))))
  (hire-call "auth.login" (list :login login :password password)
             :on-success (lambda (result)
                           (hire--after-login result (plist-get result :token))
                           (message "hire: logged in as %s (%s)"
                                    (plist-get hire--user :username) (plist-get hire--user :role))
                           (when callback (funcall callback hire--user nil)))
             :on-error (lambda (err)
                         (hire--report err)
                         (when callback (funcall callback nil err)))))

;;;###autoload
(defun hire-attach (&optional callback)
  "Attach to the session `hire login' saved for the socket; CALLBACK gets the user."
  (interactive)
  (let* ((socket (hire--socket))
         (token (hire--saved-token socket)))
    (if (not token)
        (let ((err (list :code -1 :message (format "no session saved by `hire login' for %s" socket))))
          (hire--report err)
          (when callback (funcall callback nil err)))
      (hire-call "auth.attach" (list :token token)
                 :on-success (lambda (result)
                               (hire--after-login result token)
                               (message "hire: attached as %s" (plist-get hire--user :username))
                               (when callback (funcall callback hire--user nil)))
                 :on-error (lambda (err)
                             (hire--report err)
                             (when callback (funcall callback nil err)))))))

(defun hire-logout ()
  "End the session."
  (interactive)
  (hire-call "auth.logout" nil
             :on-success (lambda (_) (message "hire: logged out")))
  (setq hire--token nil hire--bound nil hire--user nil hire--topics nil))

;;;###autoload
(defun hire-events (&optional topics callback)
  "Show events of TOPICS (a list of strings, all when nil) as messages.
CALLBACK gets the topics subscribed to."
  (interactive
   (list (completing-read-multiple
          "Topics (empty: all): "
          (plist-get (cdr (assoc "topics" (plist-get (cdr (assoc "events.subscribe" hire-catalogue-methods))
                                                     :params)))
                     :enum))))
  (hire-call "events.subscribe" (and topics (list :topics (vconcat topics)))
             :on-success (lambda (result)
                           (setq hire--topics (or topics t))
                           (message "hire: events: %s" (string-join (append (plist-get result :subscribed) nil) ", "))
                           (when callback (funcall callback (append (plist-get result :subscribed) nil))))))

;;;; Jobs

(defvar-local hire--filters nil "The column filters of a *hire jobs* buffer: an alist (KEY . VALUE).")
(defvar-local hire--query nil "The full-text query of a *hire jobs* buffer.")
(defvar-local hire-job-id nil "The job whose description this buffer holds.")
(defvar-local hire--resume-id nil "The resume stored from this buffer by `hire-match-buffer'.")
(defvar-local hire--after-render nil "Functions called once the buffer is filled (tests).")

(defconst hire--columns
  '("jobId" "company" "position" "city" "state" "country" "salary" "bonus" "received"
    "conditionalFee" "internal" "clientRating" "cat" "visa" "hrHm" "cm" "pipelineNumber"
    "pipelineCandidates" "notes" "industrySegment")
  "The board's column keys (the filters of jobs.list).")

(defun hire--str (value)
  "VALUE as a string for a table cell."
  (cond ((null value) "") ((stringp value) value) (t (format "%s" value))))

(defvar hire-jobs-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "RET") #'hire-open-job-at-point)
    (define-key map "f" #'hire-jobs-filter)
    (define-key map "/" #'hire-jobs-query)
    (define-key map "c" #'hire-jobs-clear)
    map)
  "Keys of `hire-jobs-mode'.")

(define-derived-mode hire-jobs-mode tabulated-list-mode "Hire Jobs"
  "The hired board.
RET opens a job, f filters by a column, / searches, c clears,
g refreshes."
  (setq tabulated-list-format [("JobID" 10 t) ("Position" 34 t) ("Company" 24 t)
                               ("City" 16 t) ("State" 5 t) ("CAT" 3 t) ("Visa" 4 t)])
  (setq tabulated-list-sort-key nil)
  (add-hook 'tabulated-list-revert-hook #'hire--jobs-refresh nil t)
  (tabulated-list-init-header))

(defun hire--jobs-params ()
  "The jobs.list params of the current *hire jobs* buffer."
  (append (list :limit hire-page-size)
          (when hire--filters
            (list :filters (cl-loop for (key . values) in hire--filters
                                    append (list (intern (concat ":" key))
                                                 (if (cdr values) (vconcat values) (car values))))))
          (when (and hire--query (not (string-empty-p hire--query)))
            (list :query hire--query))))

(defun hire--jobs-refresh (&optional callback)
  "Fetch the board for the current *hire jobs* buffer; CALLBACK gets the result."
  (let ((buffer (current-buffer)))
    (hire-call "jobs.list" (hire--jobs-params)
               :on-success
               (lambda (result)
                 (when (buffer-live-p buffer)
                   (with-current-buffer buffer
                     (setq tabulated-list-entries
                           (mapcar (lambda (job)
                                     (list (plist-get job :jobId)
                                           (vector (hire--str (plist-get job :jobId))
                                                   (hire--str (plist-get job :position))
                                                   (hire--str (plist-get job :company))
                                                   (hire--str (plist-get job :city))
                                                   (hire--str (plist-get job :state))
                                                   (hire--str (plist-get job :cat))
                                                   (hire--str (plist-get job :visa)))))
                                   (plist-get result :jobs)))
                     (tabulated-list-print t)
                     (message "hire: %d jobs%s" (plist-get result :total)
                              (if (or hire--filters hire--query)
                                  (format " (%s)" (string-join
                                                   (append (mapcar (lambda (f) (format "%s=%s" (car f) (string-join (cdr f) "|"))) hire--filters)
                                                           (and hire--query (list hire--query)))
                                                   " "))
                                ""))
                     (when callback (funcall callback result nil)))))
               :on-error (lambda (err)
                           (hire--report err)
                           (when callback (funcall callback nil err))))))

;;;###autoload
(defun hire-jobs (&optional filters query callback)
  "List the board in *hire jobs*: FILTERS an alist (COLUMN VALUE...), QUERY words.
CALLBACK gets the jobs.list result (or nil and the error)."
  (interactive)
  (with-current-buffer (get-buffer-create "*hire jobs*")
    (hire-jobs-mode)
    (setq hire--filters filters hire--query query)
    (hire--jobs-refresh callback)
    (pop-to-buffer (current-buffer))
    (current-buffer)))

(defun hire-jobs-filter (column value)
  "Add the filter COLUMN = VALUE (given twice, a column accepts either value)."
  (interactive
   (let ((column (completing-read "Column: " hire--columns nil t)))
     (list column (read-string (format "%s = " column)))))
  (let ((cell (assoc column hire--filters)))
    (if cell (setcdr cell (append (cdr cell) (list value)))
      (setq hire--filters (append hire--filters (list (list column value))))))
  (hire--jobs-refresh))

(defun hire-jobs-query (query)
  "Search the board for QUERY (full text), keeping the column filters."
  (interactive (list (read-string "Search: " hire--query)))
  (setq hire--query query)
  (hire--jobs-refresh))

(defun hire-jobs-clear ()
  "Drop the filters and the query."
  (interactive)
  (setq hire--filters nil hire--query nil)
  (hire--jobs-refresh))

(defun hire-open-job-at-point ()
  "Open the job of the current line (of a jobs, matches or applications buffer)."
  (interactive)
  (let ((id (tabulated-list-get-id)))
    (cond ((null id) (user-error "No entry on this line"))
          ((plist-get id :resumeId) (hire-open-resume (plist-get id :resumeId)))
          ((plist-get id :applicationId) (hire-open-application (plist-get id :applicationId)))
          ((plist-get id :jobId) (hire-open-job (plist-get id :jobId)))
          (t (hire-open-job id)))))

(defvar hire-job-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-c C-c") #'hire-describe-buffer)
    (define-key map (kbd "C-c C-m") #'hire-match-buffer)
    map)
  "Keys of `hire-job-mode'.")

(define-minor-mode hire-job-mode
  "A job's description: C-c C-c attaches the text, C-c C-m matches it."
  :lighter " Hire-Job")

;;;###autoload
(defun hire-open-job (job-id &optional callback)
  "Open the description of JOB-ID in a buffer.
CALLBACK gets the buffer and the job."
  (interactive (list (read-string "Job: ")))
  (hire-call "jobs.get" (list :jobId job-id)
             :on-success
             (lambda (job)
               (let ((buffer (get-buffer-create (format "*hire job %s*" job-id))))
                 (with-current-buffer buffer
                   (let ((inhibit-read-only t))
                     (erase-buffer)
                     (insert (hire--str (plist-get job :description))))
                   (goto-char (point-min))
                   (set-buffer-modified-p nil)
                   (text-mode)
                   (setq hire-job-id job-id)
                   (hire-job-mode 1)
                   (setq header-line-format (format "%s  %s — %s" job-id (hire--str (plist-get job :position))
                                                    (hire--str (plist-get job :company)))))
                 (pop-to-buffer buffer)
                 (when callback (funcall callback buffer job))))))

(defun hire-open-resume (resume-id &optional callback)
  "Show the text of RESUME-ID; CALLBACK gets the buffer and the resume."
  (hire-call "resumes.get" (list :resumeId resume-id :includeText t)
             :on-success
             (lambda (resume)
               (let ((buffer (get-buffer-create (format "*hire resume %s*" resume-id))))
                 (with-current-buffer buffer
                   (let ((inhibit-read-only t))
                     (erase-buffer)
                     (insert (format "%s  %s\nskills: %s\n\n" resume-id (hire--str (plist-get resume :name))
                                     (string-join (append (plist-get resume :skills) nil) ", ")))
                     (insert (hire--str (plist-get resume :text))))
                   (goto-char (point-min))
                   (special-mode))
                 (pop-to-buffer buffer)
                 (when callback (funcall callback buffer resume))))))

(defun hire-describe-buffer (&optional job-id callback)
  "Attach the buffer's text as the description of JOB-ID.
JOB-ID defaults to the buffer's own job.  CALLBACK gets the job (or
nil and the error)."
  (interactive)
  (let ((job-id (or job-id hire-job-id (read-string "Attach as the description of job: ")))
        (text (buffer-substring-no-properties (point-min) (point-max)))
        (buffer (current-buffer)))
    (hire-call "jobs.attachDescription" (list :jobId job-id :text text)
               :on-success (lambda (job)
                             (when (and (buffer-live-p buffer) (equal (buffer-local-value 'hire-job-id buffer) job-id))
                               (with-current-buffer buffer (set-buffer-modified-p nil)))
                             (message "hire: %s: description attached" job-id)
                             (when callback (funcall callback job nil)))
               :on-error (lambda (err)
                           (hire--report err)
                           (when callback (funcall callback nil err))))))

;;;; Matching

(defvar hire-matches-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "RET") #'hire-open-job-at-point)
    (define-key map "e" #'hire-explain-at-point)
    map)
  "Keys of `hire-matches-mode'.")

(define-derived-mode hire-matches-mode tabulated-list-mode "Hire Matches"
  "Ranked matches: RET opens the job (or resume), e shows the whole explanation."
  (setq tabulated-list-format [("#" 3 nil :right-align t) ("Score" 7 nil :right-align t)
                               ("Id" 12 nil) ("Title" 30 nil) ("Text" 5 nil) ("Skills" 6 nil)
                               ("Matched" 30 nil) ("Missing" 30 nil)])
  (setq tabulated-list-sort-key nil)
  (tabulated-list-init-header))

(defvar-local hire--explanations nil "Entry id -> the match's explanation lines.")

(defun hire-explanation-lines (match)
  "The lines explaining MATCH (a match or an application with an explanation)."
  (let* ((e (plist-get match :explanation))
         (join (lambda (v) (let ((l (append v nil))) (if l (string-join l ", ") "-")))))
    (append
     (list (format "matched: %s" (funcall join (plist-get e :matchedSkills)))
           (format "missing: %s" (funcall join (plist-get e :missingSkills)))
           (format "text %.2f  skills %.2f  title %s  ranking %s"
                   (or (plist-get e :textSimilarity) 0) (or (plist-get e :skillCoverage) 0)
                   (if (plist-get e :titleSimilarity) (format "%.2f" (plist-get e :titleSimilarity)) "-")
                   (or (plist-get e :ranking) "default")))
     (mapcar (lambda (check)
               (format "%s %s: %s" (pcase (plist-get check :passed) ('t "ok  ") (:json-false "FAIL") (_ "  ? "))
                       (plist-get check :name) (plist-get check :detail)))
             (append (plist-get e :checks) nil)))))

(defun hire-explain-at-point ()
  "Show the whole explanation of the match on this line."
  (interactive)
  (let ((lines (cdr (assoc (tabulated-list-get-id) hire--explanations))))
    (if lines (message "%s" (string-join lines "\n")) (user-error "No match on this line"))))

(defun hire--show-matches (title result per)
  "Show RESULT of match.run (PER resume or job) under TITLE in *hire matches*."
  (let ((buffer (get-buffer-create "*hire matches*"))
        (join (lambda (v) (string-join (append v nil) ", "))))
    (with-current-buffer buffer
      (hire-matches-mode)
      (setq header-line-format (format "%s  (run %s; RET opens, e explains)" title (plist-get result :runId)))
      (setq hire--explanations nil)
      (setq tabulated-list-entries
            (mapcar (lambda (m)
                      (let* ((e (plist-get m :explanation))
                             (id (if (equal per "job")
                                     (list :resumeId (plist-get m :resumeId) :rank (plist-get m :rank))
                                   (list :jobId (plist-get m :jobId) :rank (plist-get m :rank)))))
                        (push (cons id (hire-explanation-lines m)) hire--explanations)
                        (list id
                              (vector (format "%d" (plist-get m :rank))
                                      (format "%.2f" (plist-get m :score))
                                      (if (equal per "job") (plist-get m :resumeId) (plist-get m :jobId))
                                      (if (equal per "job") (hire--str (plist-get m :candidate))
                                        (format "%s — %s" (hire--str (plist-get m :position)) (hire--str (plist-get m :company))))
                                      (format "%.2f" (or (plist-get e :textSimilarity) 0))
                                      (format "%.2f" (or (plist-get e :skillCoverage) 0))
                                      (funcall join (plist-get e :matchedSkills))
                                      (funcall join (plist-get e :missingSkills))))))
                    (append (plist-get result :matches) nil)))
      (tabulated-list-print))
    (display-buffer buffer)
    buffer))

;;;###autoload
(defun hire-match-buffer (&optional top callback)
  "Match the current buffer against the board, keeping TOP results.
TOP defaults to `hire-match-top'.  A job's description buffer (from
`hire-open-job') is attached first and the resumes in the vault are
ranked for it; any other buffer is taken as a resume (stored in the
vault; the same text again reuses the stored one) and the board's
jobs are ranked for it.  The results with their explanations go to
*hire matches*.  CALLBACK gets the buffer and the match.run result
\(or nil, nil and the error)."
  (interactive "P")
  (let* ((top (if (numberp top) top hire-match-top))
         (text (buffer-substring-no-properties (point-min) (point-max)))
         (buffer (current-buffer))
         (job-id hire-job-id)
         (fail (lambda (err) (hire--report err) (when callback (funcall callback nil nil err))))
         (run (lambda (params title per)
                (hire-call "match.run" params
                           :on-success (lambda (result)
                                         (let ((shown (hire--show-matches title result per)))
                                           (when callback (funcall callback shown result nil))))
                           :on-error fail))))
    (cond
     ((string-empty-p (string-trim text)) (funcall fail (list :code -1 :message "the buffer is empty")))
     (job-id
      (hire-describe-buffer
       job-id (lambda (_job err)
                (if err (when callback (funcall callback nil nil err))
                  (funcall run (list :jobIds (vector job-id) :per "job" :topK top)
                           (format "Best resumes for %s" job-id) "job")))))
     (t
      (let* ((name (if (buffer-file-name) (file-name-nondirectory (buffer-file-name)) (buffer-name)))
             (name (if (string-match-p "\\.[[:alnum:]]+\\'" name) name (concat name ".txt")))
             (with-resume (lambda (id)
                            (with-current-buffer buffer (setq hire--resume-id id))
                            (funcall run (list :resumeIds (vector id) :topK top)
                                     (format "Best jobs for %s (%s)" name id) "resume"))))
        (hire-call "resumes.add" (list :text text :filename name)
                   :on-success (lambda (added)
                                 (let* ((resume (aref (plist-get added :resumes) 0)))
                                   (funcall with-resume (plist-get resume :id))))
                   :on-error (lambda (err)
                               (let ((data (plist-get err :data)))
                                 (if (and (listp data) (plist-get data :duplicateOf))
                                     (funcall with-resume (plist-get data :duplicateOf))
                                   (funcall fail err))))))))))

;;;; Applications

(define-derived-mode hire-applications-mode tabulated-list-mode "Hire Applications"
  "A recruiter's applications: RET opens one, e shows the explanation."
  (setq tabulated-list-format [("Application" 14 t) ("Status" 12 t) ("Score" 7 t)
                               ("Candidate" 20 t) ("Posting" 40 t)])
  (setq tabulated-list-sort-key nil)
  (tabulated-list-init-header))

(define-key hire-applications-mode-map (kbd "RET") #'hire-open-job-at-point)
(define-key hire-applications-mode-map "e" #'hire-explain-at-point)

;;;###autoload
(defun hire-applications (&optional posting-id callback)
  "A recruiter's applications, best match first.
To POSTING-ID, or to every posting when nil.  CALLBACK gets the
buffer and the result (or nil, nil and the error)."
  (interactive (list (let ((id (read-string "Posting (empty: all): "))) (and (not (string-empty-p id)) id))))
  (hire-call "applications.list" (and posting-id (list :postingId posting-id))
             :on-success
             (lambda (result)
               (let ((buffer (get-buffer-create "*hire applications*")))
                 (with-current-buffer buffer
                   (hire-applications-mode)
                   (setq hire--explanations nil)
                   (setq tabulated-list-entries
                         (mapcar (lambda (a)
                                   (let ((id (list :applicationId (plist-get a :id))))
                                     (when (plist-get a :explanation)
                                       (push (cons id (hire-explanation-lines a)) hire--explanations))
                                     (list id (vector (plist-get a :id) (hire--str (plist-get a :status))
                                                      (if (plist-get a :score) (format "%.2f" (plist-get a :score)) "-")
                                                      (hire--str (plist-get (plist-get a :candidate) :displayName))
                                                      (format "%s — %s" (hire--str (plist-get (plist-get a :posting) :title))
                                                              (hire--str (plist-get (plist-get a :posting) :company)))))))
                                 (append (plist-get result :applications) nil)))
                   (tabulated-list-print))
                 (pop-to-buffer buffer)
                 (when callback (funcall callback buffer result nil))))
             :on-error (lambda (err)
                         (hire--report err)
                         (when callback (funcall callback nil nil err)))))

(defun hire-open-application (application-id &optional callback)
  "Show APPLICATION-ID: its history, cover letter and the applicant's resume.
CALLBACK gets the buffer and the application."
  (hire-call "applications.get" (list :applicationId application-id)
             :on-success
             (lambda (a)
               (let ((buffer (get-buffer-create (format "*hire application %s*" application-id))))
                 (with-current-buffer buffer
                   (let ((inhibit-read-only t))
                     (erase-buffer)
                     (insert (format "%s  %s  %s — %s\n" application-id (plist-get a :status)
                                     (hire--str (plist-get (plist-get a :posting) :title))
                                     (hire--str (plist-get (plist-get a :posting) :company))))
                     (dolist (h (append (plist-get a :history) nil))
                       (insert (format "  %s  %s -> %s\n" (hire--str (plist-get h :at))
                                       (hire--str (plist-get h :from)) (hire--str (plist-get h :to)))))
                     (when (plist-get a :coverLetter)
                       (insert "\nCover letter:\n" (plist-get a :coverLetter) "\n"))
                     (when (plist-get a :resume)
                       (insert "\nResume:\n" (hire--str (plist-get (plist-get a :resume) :text)) "\n")))
                   (goto-char (point-min))
                   (special-mode))
                 (pop-to-buffer buffer)
                 (when callback (funcall callback buffer a))))))

(provide 'hire)
;;; hire.el ends here
