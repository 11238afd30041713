"""What the example scripts share: a logged-in connection for a scheduled job.

HIRED_LOGIN with the password in HIRED_PASSWORD_FILE (a file only you can read; a password
is never taken from the environment or the command line), else the session `hire login`
saved for this socket. The socket is found as `hire` finds it ($HIRED_SOCKET, ...).
"""

import getpass
import os

import hired


def session() -> hired.Client:
    client = hired.connect()
    try:
        login = os.environ.get("HIRED_LOGIN")
        if login:
            password_file = os.environ.get("HIRED_PASSWORD_FILE")
            if password_file:
                with open(password_file, encoding="utf-8") as f:
                    password = f.read().rstrip("\n")
            else:
                password = getpass.getpass(f"password for {login}: ")
            client.login(login, password)
        else:
            client.attach()
    except BaseException:
        client.close()
        raise
    return client
