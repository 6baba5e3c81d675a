"""The SMS outbox (DESIGN.md: side effects through an outbox). Enqueue with
``vardportalen.sms.services.sms_enqueue``; the task ``vardportalen.sms.tasks.sms_skicka_vantande`` sends."""
