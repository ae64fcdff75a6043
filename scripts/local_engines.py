"""The engines the project's tests run besides DuckDB (make test-engines), set up locally.

PostgreSQL: a private server that never touches the machine's own clusters. It lives
in a folder (default .engines/postgres), listens on 127.0.0.1 on its own port and
trusts local connections; Debian's PostgreSQL packages are installed with apt-get when
no `initdb` is found.
Spark: runs inside dbt (PySpark, installed by requirements.txt); it needs a Java
runtime, installed from Debian's packages when `java` is missing.

    eval "$(python scripts/local_engines.py postgres-start)"   # starts it, exports DBT_PG_*
    python scripts/local_engines.py postgres-stop
    python scripts/local_engines.py java                        # makes sure Java is there
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DIR = PROJECT_DIR / ".engines" / "postgres"
DEFAULT_PORT = 55432
DATABASE = "corp_tiering"


def apt_install(*packages: str) -> None:
    print(f"local_engines: installing Debian packages {' '.join(packages)}", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], check=True, env=env
    )


def ensure_java() -> None:
    """PySpark needs a Java runtime (17 here)."""
    if shutil.which("java") is None:
        apt_install("openjdk-17-jre-headless")


def pg_bin(name: str) -> str:
    """The newest installed server binary `name` (initdb, pg_ctl), installing Debian's
    PostgreSQL packages if there is none."""
    for attempt in range(2):
        found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
        if found:
            return found[-1]
        if attempt == 0:
            apt_install("postgresql")
    raise SystemExit(f"local_engines: {name} not found after installing PostgreSQL")


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def chown_to_server_user(path: Path) -> None:
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for folder in [path, *path.rglob("*")]:
            os.chown(folder, user.pw_uid, user.pw_gid)


def start_postgres(folder: Path, port: int) -> dict[str, str]:
    """Start (creating it if needed) the server in `folder`; its dbt profile settings."""
    data, sockets = folder / "data", folder / "sockets"
    pg_ctl = pg_bin("pg_ctl")
    if not (data / "PG_VERSION").exists():
        shutil.rmtree(folder, ignore_errors=True)
        sockets.mkdir(parents=True)
        data.mkdir()
        chown_to_server_user(folder)
        subprocess.run(
            as_server_user(
                [pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    running = (
        subprocess.run(
            as_server_user([pg_ctl, "-D", str(data), "status"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ).returncode
        == 0
    )
    if not running:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sockets} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            as_server_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-tAc",
            f"select 1 from pg_database where datname = '{DATABASE}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc", f"create database {DATABASE}"],
            check=True,
        )
    return {"DBT_PG_HOST": "127.0.0.1", "DBT_PG_PORT": str(port), "DBT_PG_USER": "postgres", "DBT_PG_DBNAME": DATABASE}


def stop_postgres(folder: Path) -> None:
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(
            as_server_user([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["postgres-start", "postgres-stop", "java"])
    parser.add_argument(
        "--dir", type=Path, default=DEFAULT_DIR, help=f"PostgreSQL server folder (default {DEFAULT_DIR})"
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("DBT_PG_PORT", DEFAULT_PORT)))
    args = parser.parse_args()
    if args.action == "postgres-start":
        settings = start_postgres(args.dir.resolve(), args.port)
        print("export " + " ".join(f"{name}={value}" for name, value in settings.items()))
    elif args.action == "postgres-stop":
        stop_postgres(args.dir.resolve())
    else:
        ensure_java()


if __name__ == "__main__":
    main()
