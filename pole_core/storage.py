"""Whether a media storage answers, cheaply enough for a readiness check run every few seconds."""

import logging
import threading
import weakref

from django.core.files.storage import storages

logger = logging.getLogger(__name__)

# A readiness check must answer within seconds: one try with short waits, where uploads retry.
PROBE_CLIENT_CONFIG = {"connect_timeout": 2, "read_timeout": 3, "retries": {"total_max_attempts": 1}}
# What other storages are asked about: a name that need not exist, so nothing is written.
PROBE_NAME = "health-check"

# One probing client per object storage, dropped with the storage when the settings change. boto3
# clients may be shared by threads, and health checks run in fresh threads: a storage's own clients
# are per thread, and making one costs about 0.3 s.
_probe_clients = weakref.WeakKeyDictionary()
_probe_clients_lock = threading.Lock()


def storage_is_reachable(alias="default"):
    """Whether the storage `alias` of STORAGES answers one cheap request: False, logged with its
    cause, rather than an exception.

    On object storage (django-storages' S3Storage) that is a HEAD of the bucket, by a client that waits
    2 s to connect and 3 s for the answer, without retry: it fails when the server is down or hangs,
    the key is wrong or lacks the right to list the bucket (which uploads need too), or the bucket is
    missing. Any other storage is asked whether PROBE_NAME exists (the file system always answers).
    """
    storage = storages[alias]
    try:
        if getattr(storage, "client_config", None) is None:
            storage.exists(PROBE_NAME)
        else:
            _probe_client(storage).head_bucket(Bucket=storage.bucket_name)
    except Exception:
        logger.warning("The media storage %r does not answer.", alias, exc_info=True)
        return False
    return True


def _probe_client(storage):
    """An S3 client for `storage`'s endpoint and keys that gives up quickly."""
    with _probe_clients_lock:
        client = _probe_clients.get(storage)
        if client is None:
            import boto3
            from botocore.config import Config

            session = boto3.session.Session(
                aws_access_key_id=storage.access_key,
                aws_secret_access_key=storage.secret_key,
                aws_session_token=storage.security_token,
                profile_name=storage.session_profile,
            )
            client = _probe_clients[storage] = session.client(
                "s3",
                region_name=storage.region_name,
                endpoint_url=storage.endpoint_url,
                use_ssl=storage.use_ssl,
                verify=storage.verify,
                config=storage.client_config.merge(Config(**PROBE_CLIENT_CONFIG)),
            )
        return client
