"""The SMS outbox (DESIGN.md: side effects through an outbox). Enqueue with
``notiser.sms.services.sms_enqueue``; the task ``notiser.tasks.sms_skicka_vantande`` sends."""
