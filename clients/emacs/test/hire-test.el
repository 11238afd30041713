;;; hire-test.el --- ERT tests of hire.el against a real hired  -*- lexical-binding: t; -*-

;;; Commentary:

;; Run through clients/test/emacs.sh, which starts hired with clients/test/with-daemon.sh
;; (HIRED_SOCKET, HIRE_SESSION_FILE and the HIRE_TEST_* accounts):
;;   emacs --batch -L clients/emacs -l clients/emacs/test/hire-test.el -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'hire)

(defvar hire-test-timeout 30 "Seconds a test waits for the daemon.")

(defun hire-test--env (name)
  "The environment variable NAME, which with-daemon.sh sets."
  (or (getenv name) (error "%s is not set: run through clients/test/with-daemon.sh" name)))

(defun hire-test--await (fn)
  "Call FN with a callback and wait until it is called; return its arguments as a list."
  (let ((out nil) (deadline (+ (float-time) hire-test-timeout)))
    (funcall fn (lambda (&rest args) (setq out (or args (list nil)))))
    (while (and (not out) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (or out (error "Timed out waiting for the daemon"))))

(defun hire-test--call (method params)
  "Call METHOD with PARAMS and wait; return (RESULT ERROR)."
  (hire-test--await
   (lambda (done)
     (hire-call method params
                :on-success (lambda (r) (funcall done r nil))
                :on-error (lambda (e) (funcall done nil e))))))

(defun hire-test--ok (method params)
  "The result of METHOD with PARAMS; fails the test on an error."
  (pcase-let ((`(,result ,err) (hire-test--call method params)))
    (when err (ert-fail (list "unexpected error" (hire--error-text err))))
    result))

(defun hire-test--fresh ()
  "A new connection, logged out."
  (when (and hire--connection (jsonrpc-running-p hire--connection))
    (jsonrpc-shutdown hire--connection))
  (setq hire--connection nil hire--token nil hire--bound nil hire--user nil hire--topics nil)
  (setq hire-socket (hire-test--env "HIRED_SOCKET")))

(defun hire-test--login ()
  "Log in as the test recruiter."
  (hire-test--fresh)
  (pcase-let ((`(,user ,err) (hire-test--await
                               (lambda (done)
                                 (hire-login (hire-test--env "HIRE_TEST_RECRUITER")
                                             (hire-test--env "HIRE_TEST_PASSWORD") done)))))
    (should-not err)
    user))

(defun hire-test--read (file)
  "The text of FILE."
  (with-temp-buffer (insert-file-contents file) (buffer-string)))

(ert-deftest hire-catalogue-is-the-daemons ()
  "The generated catalogue is what the daemon's rpc.discover says: names, access, params."
  (hire-test--fresh)
  (let* ((doc (hire-test--ok "rpc.discover" nil))
         (live (sort (mapcar (lambda (m)
                               (list (plist-get m :name) (plist-get m :x-access)
                                     (mapcar (lambda (p) (list (plist-get p :name) (eq (plist-get p :required) t)))
                                             (append (plist-get m :params) nil))))
                             (append (plist-get doc :methods) nil))
                     (lambda (a b) (string< (car a) (car b)))))
         (generated (mapcar (lambda (m)
                              (list (car m) (plist-get (cdr m) :access)
                                    (mapcar (lambda (p) (list (car p) (plist-get (cdr p) :required)))
                                            (plist-get (cdr m) :params))))
                            hire-catalogue-methods)))
    (should (equal generated live))))

(ert-deftest hire-calls-only-catalogue-methods ()
  "Every method hire.el calls by name is in the catalogue."
  (let ((source (hire-test--read (locate-library "hire.el" t)))
        (used nil) (start 0))
    (while (string-match "(hire-call \"\\([a-zA-Z]+\\.[a-zA-Z]+\\)\"" source start)
      (push (match-string 1 source) used)
      (setq start (match-end 0)))
    (setq start 0)
    (while (string-match "jsonrpc-async-request conn '\\([a-zA-Z]+\\.[a-zA-Z]+\\)" source start)
      (push (match-string 1 source) used)
      (setq start (match-end 0)))
    (should (>= (length (delete-dups used)) 12))
    (dolist (method used)
      (should (assoc method hire-catalogue-methods)))))

(ert-deftest hire-refuses-what-the-catalogue-lacks ()
  "A call to an unknown method, with an unknown param, or without a required one is not sent."
  (hire-test--fresh)
  (should (string-match-p "no method jobs.nosuch"
                          (plist-get (cadr (hire-test--call "jobs.nosuch" nil)) :message)))
  (should (string-match-p "missing param jobId"
                          (plist-get (cadr (hire-test--call "jobs.get" (list :jobID "J-1"))) :message)))
  (should (string-match-p "unknown param nope"
                          (plist-get (cadr (hire-test--call "jobs.get" (list :jobId "J-1" :nope 1))) :message)))
  (should-not hire--connection))

(ert-deftest hire-no-daemon-is-a-clear-error ()
  "Without a daemon on the socket the caller's error function says so."
  (hire-test--fresh)
  (let ((hire-socket (expand-file-name "nosuch.sock" (hire-test--env "HIRE_TEST_TMP"))))
    (let ((err (cadr (hire-test--call "daemon.ping" nil))))
      (should (string-match-p "cannot connect to hired at .*nosuch\\.sock" (plist-get err :message))))))

(ert-deftest hire-calls-are-asynchronous ()
  "A call returns before its reply; the reply comes from the event loop."
  (hire-test--fresh)
  (let ((got nil))
    (hire-call "daemon.ping" nil :on-success (lambda (_) (setq got t)))
    (should-not got)
    (let ((deadline (+ (float-time) hire-test-timeout)))
      (while (and (not got) (< (float-time) deadline)) (accept-process-output nil 0.02)))
    (should got)))

(ert-deftest hire-login-and-errors ()
  "A wrong password is refused with the daemon's error; the right one logs in."
  (hire-test--fresh)
  (pcase-let ((`(,user ,err) (hire-test--await
                               (lambda (done) (hire-login (hire-test--env "HIRE_TEST_RECRUITER") "wrong password" done)))))
    (should-not user)
    (should (integerp (plist-get err :code)))
    (should-not (eql (plist-get err :code) -1)))
  (should (equal (plist-get (hire-test--login) :role) "recruiter"))
  (should (equal (plist-get (hire-test--ok "auth.whoami" nil) :username) (hire-test--env "HIRE_TEST_RECRUITER"))))

(ert-deftest hire-login-reads-the-password-with-read-passwd ()
  "Interactively, the password is read with `read-passwd'."
  (hire-test--fresh)
  (let (asked)
    (cl-letf (((symbol-function 'read-string) (lambda (&rest _) (hire-test--env "HIRE_TEST_RECRUITER")))
              ((symbol-function 'read-passwd) (lambda (prompt &rest _) (setq asked prompt) (hire-test--env "HIRE_TEST_PASSWORD"))))
      (call-interactively #'hire-login))
    (should (string-match-p (hire-test--env "HIRE_TEST_RECRUITER") asked))
    (let ((deadline (+ (float-time) hire-test-timeout)))
      (while (and (not hire--user) (< (float-time) deadline)) (accept-process-output nil 0.02)))
    (should (equal (plist-get hire--user :username) (hire-test--env "HIRE_TEST_RECRUITER")))))

(ert-deftest hire-attach-with-the-cli-token ()
  "hire-attach uses the token `hire login' saved for the same socket."
  (hire-test--fresh)
  (should-not (hire--saved-token "/elsewhere/rpc.sock"))
  (pcase-let ((`(,user ,err) (hire-test--await #'hire-attach)))
    (should-not err)
    (should (equal (plist-get user :username) (hire-test--env "HIRE_TEST_RECRUITER"))))
  (should (> (plist-get (hire-test--ok "stats.get" nil) :jobs) 0)))

(ert-deftest hire-reattaches-after-a-lost-connection ()
  "When the connection drops, the next call attaches the session again first."
  (hire-test--login)
  (jsonrpc-shutdown hire--connection)
  (should (equal (plist-get (hire-test--ok "auth.whoami" nil) :username) (hire-test--env "HIRE_TEST_RECRUITER"))))

(ert-deftest hire-jobs-filters-by-column-and-opens-a-job ()
  "hire-jobs lists the board in tabulated-list-mode, filtered by column; RET opens a job."
  (hire-test--login)
  (pcase-let ((`(,result ,err) (hire-test--await (lambda (done) (hire-jobs '(("state" "TX")) nil done)))))
    (should-not err)
    (with-current-buffer "*hire jobs*"
      (should (derived-mode-p 'tabulated-list-mode))
      (should (> (plist-get result :total) 0))
      (should (= (length tabulated-list-entries) (length (plist-get result :jobs))))
      (dolist (entry tabulated-list-entries)
        (should (equal (aref (cadr entry) 4) "TX")))
      ;; a second value of the same column is an alternative
      (progn
        (hire-jobs-filter "state" "CA")
        (let ((deadline (+ (float-time) hire-test-timeout)))
          (while (and (< (float-time) deadline)
                      (not (cl-some (lambda (e) (equal (aref (cadr e) 4) "CA")) tabulated-list-entries)))
            (accept-process-output nil 0.02)))
        (should (cl-some (lambda (e) (equal (aref (cadr e) 4) "CA")) tabulated-list-entries))
        (should (equal hire--filters '(("state" "TX" "CA")))))
      (goto-char (point-min))
      (let ((id (tabulated-list-get-id)))
        (hire-open-job-at-point)
        (let ((name (format "*hire job %s*" id)) (deadline (+ (float-time) hire-test-timeout)))
          (while (and (not (get-buffer name)) (< (float-time) deadline)) (accept-process-output nil 0.02))
          (with-current-buffer name
            (should (equal hire-job-id id))))))))

(ert-deftest hire-a-job-description-attaches-and-matches ()
  "A job's buffer attaches its text and matching it ranks resumes for the job."
  (hire-test--login)
  (let ((job (hire-test--env "HIRE_TEST_JOB")))
    (pcase-let ((`(,buffer ,_job) (hire-test--await (lambda (done) (hire-open-job job done)))))
      (with-current-buffer buffer
        (should (string-match-p "[[:alpha:]]" (buffer-string)))
        (goto-char (point-max))
        (insert "\nNice to have: Terraform.\n")
        (pcase-let ((`(,shown ,result ,err) (hire-test--await (lambda (done) (hire-match-buffer 3 done)))))
          (should-not err)
          (should-not (buffer-modified-p))
          (should (> (length (plist-get result :matches)) 0))
          (with-current-buffer shown
            (should (derived-mode-p 'tabulated-list-mode))
            (should (string-match-p (regexp-quote job) (format "%s" header-line-format)))
            (dolist (entry tabulated-list-entries)
              (should (plist-get (car entry) :resumeId)))))))
    (should (string-match-p "Nice to have: Terraform."
                            (plist-get (hire-test--ok "jobs.get" (list :jobId job)) :description)))))

(ert-deftest hire-match-buffer-ranks-jobs-for-a-resume ()
  "A resume buffer: the best jobs, ranked, with explanations; RET opens the job."
  (hire-test--login)
  (with-current-buffer (find-file-noselect (expand-file-name "examples/resumes/daniel-okafor.txt"
                                                             (hire-test--env "HIRE_TEST_ROOT")))
    (pcase-let ((`(,shown ,result ,err) (hire-test--await (lambda (done) (hire-match-buffer 5 done)))))
      (should-not err)
      (let ((matches (append (plist-get result :matches) nil)))
        (should (<= 1 (length matches) 5))
        (cl-loop for m in matches for i from 1
                 do (should (= (plist-get m :rank) i)))
        (cl-loop for (a b) on matches while b
                 do (should (>= (plist-get a :score) (plist-get b :score))))
        (with-current-buffer shown
          (should (= (length tabulated-list-entries) (length matches)))
          (goto-char (point-min))
          (let ((lines (cdr (assoc (tabulated-list-get-id) hire--explanations))))
            (should (string-prefix-p "matched: " (car lines)))
            (should (string-prefix-p "missing: " (cadr lines))))
          (hire-open-job-at-point)
          (let ((name (format "*hire job %s*" (plist-get (car matches) :jobId)))
                (deadline (+ (float-time) hire-test-timeout)))
            (while (and (not (get-buffer name)) (< (float-time) deadline)) (accept-process-output nil 0.02))
            (should (get-buffer name)))))
      ;; the same resume again is the stored one, not a new copy
      (let ((first (plist-get (aref (plist-get result :matches) 0) :resumeId)))
        (pcase-let ((`(,_ ,again ,err2) (hire-test--await (lambda (done) (hire-match-buffer 5 done)))))
          (should-not err2)
          (should (equal (plist-get (aref (plist-get again :matches) 0) :resumeId) first)))))))

(ert-deftest hire-progress-goes-to-the-echo-area ()
  "$/progress of a long call reaches the echo area."
  (hire-test--login)
  (let ((messages nil))
    (cl-letf (((symbol-function 'message)
               (lambda (fmt &rest args) (push (apply #'format fmt args) messages))))
      (hire-test--await
       (lambda (done)
         (hire-call "mtb.import" (list :path (expand-file-name "examples/mtb-sample.csv" (hire-test--env "HIRE_TEST_ROOT")))
                    :on-success (lambda (r) (funcall done r))
                    :on-error (lambda (e) (funcall done nil e))))))
    (should (cl-some (lambda (m) (string-prefix-p "hire: mtb.import" m)) messages))))

(ert-deftest hire-events-become-messages ()
  "An event arrives as a message."
  (hire-test--login)
  (let ((messages nil))
    (cl-letf (((symbol-function 'message)
               (lambda (fmt &rest args) (push (apply #'format fmt args) messages))))
      (should (equal (car (hire-test--await (lambda (done) (hire-events '("run.completed") done))))
                     '("run.completed")))
      (let* ((run (plist-get (hire-test--ok "jobs.process" (list :jobIds (vector (hire-test--env "HIRE_TEST_JOB")) :background t)) :runId))
             (deadline (+ (float-time) hire-test-timeout)))
        (while (and (< (float-time) deadline)
                    (not (cl-some (lambda (m) (and (string-prefix-p "hire event run.completed" m) (string-match-p run m))) messages)))
          (accept-process-output nil 0.02))
        (should (cl-some (lambda (m) (and (string-prefix-p "hire event run.completed" m) (string-match-p run m))) messages))))))

(ert-deftest hire-applications-for-a-recruiter ()
  "hire-applications lists the applications with scores; RET opens one with the resume."
  (hire-test--login)
  (pcase-let ((`(,buffer ,result ,err) (hire-test--await
                                         (lambda (done) (hire-applications (hire-test--env "HIRE_TEST_POSTING") done)))))
    (should-not err)
    (should (= (length (plist-get result :applications)) 1))
    (with-current-buffer buffer
      (should (derived-mode-p 'tabulated-list-mode))
      (goto-char (point-min))
      (should (equal (aref (tabulated-list-get-entry) 1) "submitted"))
      (let ((id (plist-get (tabulated-list-get-id) :applicationId)))
        (pcase-let ((`(,abuf ,a) (hire-test--await (lambda (done) (hire-open-application id done)))))
          (should (equal (plist-get a :id) id))
          (with-current-buffer abuf
            (should (string-match-p "Resume:" (buffer-string)))))))))

(ert-deftest hire-candidate-is-refused-the-board ()
  "A candidate gets the daemon's access error for the recruiter's board."
  (hire-test--fresh)
  (hire-test--await (lambda (done) (hire-login (hire-test--env "HIRE_TEST_CANDIDATE") (hire-test--env "HIRE_TEST_PASSWORD") done)))
  (pcase-let ((`(,_ ,err) (hire-test--await (lambda (done) (hire-jobs nil nil done)))))
    (should (eql (plist-get err :code) -32003))))

(ert-deftest hire-el-headers-are-package-clean ()
  "hire.el has the headers package.el reads; the generated file the library conventions."
  (require 'package)
  (with-temp-buffer
    (insert-file-contents (locate-library "hire.el" t))
    (let ((desc (package-buffer-info)))
      (should (eq (package-desc-name desc) 'hire))
      (should (equal (package-desc-version desc) '(0 1 0)))
      (should (equal (package-desc-reqs desc) '((emacs (28 1)))))
      (should (string-match-p "[^ ]" (package-desc-summary desc)))))
  (with-temp-buffer
    (insert-file-contents (locate-library "hire-catalogue.el" t))
    (should (string-match-p "\\`;;; hire-catalogue\\.el --- .*-\\*- lexical-binding: t; -\\*-" (buffer-string)))
    (should (string-match-p "^;;; Commentary:" (buffer-string)))
    (should (string-match-p "^;;; hire-catalogue\\.el ends here\n\\'" (buffer-string)))))

;; Under make test the sources are read from a temp copy; the folder installs as a package.
(ert-deftest hire-installs-with-package-install-file ()
  "M-x package-install-file on clients/emacs installs hire with its catalogue."
  (require 'package)
  (let* ((dir (make-temp-file "hire-elpa" t))
         (package-user-dir (expand-file-name "elpa" dir))
         (package-archives nil)
         (package-alist nil))
    (unwind-protect
        (progn
          (package-install-file (file-name-as-directory
                                 (expand-file-name "clients/emacs" (hire-test--env "HIRE_TEST_ROOT"))))
          (should (assq 'hire package-alist))
          (let ((installed (package-desc-dir (cadr (assq 'hire package-alist)))))
            (should (file-exists-p (expand-file-name "hire.el" installed)))
            (should (file-exists-p (expand-file-name "hire-catalogue.el" installed)))
            (should (file-exists-p (expand-file-name "hire-autoloads.el" installed)))))
      (delete-directory dir t))))

(provide 'hire-test)
;;; hire-test.el ends here
