"""The push outbox: enqueue with ``notiser.push.services.push_enqueue`` (normally through
``notiser.services.notis_skicka``); the task ``notiser.tasks.push_skicka_vantande`` sends."""
