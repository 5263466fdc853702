"""One settings module, read from the environment. Each case runs in a fresh process
with only the variables it names, as a new machine or a server would."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(*names: str, **env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: str(getattr(s, n)) for n in {list(names)!r}}}))"
    )
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="network.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_nothing_set_it_is_the_embedded_development_setup():
    values = read_settings(
        "DEBUG", "DATABASES", "CELERY_BROKER_URL", "NETWORK_DELIVERY_EMAIL_BACKEND", "CACHES"
    )
    assert values["DEBUG"] == "True"
    assert "sqlite3" in values["DATABASES"]
    assert str(BASE_DIR / "var" / "db.sqlite3") in values["DATABASES"]
    assert values["CELERY_BROKER_URL"] == "filesystem://"
    assert values["NETWORK_DELIVERY_EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert "LocMemCache" in values["CACHES"]


def test_production_values_come_from_the_environment():
    values = read_settings(
        "DEBUG",
        "DATABASES",
        "CELERY_BROKER_URL",
        "CACHES",
        "NETWORK_DELIVERY_EMAIL_BACKEND",
        "EMAIL_HOST",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SITE_URL",
        "SESSION_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://network:pw@db:5432/network",
        REDIS_URL="redis://redis:6379/0",
        EMAIL_URL="smtp://mail:1025",
        ALLOWED_HOSTS="network.example.org",
        CSRF_TRUSTED_ORIGINS="https://network.example.org",
        SITE_URL="https://network.example.org/",
    )
    assert values["DEBUG"] == "False"
    assert "postgresql" in values["DATABASES"]
    assert "'HOST': 'db'" in values["DATABASES"]
    assert values["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert "RedisCache" in values["CACHES"]
    assert values["NETWORK_DELIVERY_EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert values["EMAIL_HOST"] == "mail"
    assert values["ALLOWED_HOSTS"] == "['network.example.org']"
    assert values["CSRF_TRUSTED_ORIGINS"] == "['https://network.example.org']"
    assert values["SITE_URL"] == "https://network.example.org"
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000


def test_production_without_a_secret_key_refuses_to_start_with_one_line():
    result = run(["manage.py", "check"], DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "SECRET_KEY is not set: set SECRET_KEY to a long random string when DEBUG=0."
    )


def test_deploy_check_is_clean_with_production_values():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="network.example.org",
        SITE_URL="https://network.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_visitors_are_told_apart_by_the_address_the_site_sees_with_no_proxy():
    values = read_settings("ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER")
    assert values == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": "0",
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "None",
    }


def test_behind_the_tls_proxy_visitors_are_told_apart_by_the_address_it_forwards():
    values = read_settings("ALLAUTH_TRUSTED_PROXY_COUNT", BEHIND_TLS_PROXY="1")
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == "1"


def test_the_proxies_in_front_and_the_header_they_set_come_from_the_environment():
    two_proxies = read_settings(
        "ALLAUTH_TRUSTED_PROXY_COUNT", BEHIND_TLS_PROXY="1", TRUSTED_PROXY_COUNT="2"
    )
    real_ip = read_settings(
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", BEHIND_TLS_PROXY="1", CLIENT_IP_HEADER="X-Real-IP"
    )
    compose_unset = read_settings(
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
        BEHIND_TLS_PROXY="1",
        TRUSTED_PROXY_COUNT="",
        CLIENT_IP_HEADER="",
    )
    assert two_proxies["ALLAUTH_TRUSTED_PROXY_COUNT"] == "2"
    assert real_ip["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"
    assert compose_unset == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "None",
    }
