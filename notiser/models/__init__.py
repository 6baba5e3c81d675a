from .sms import SmsUtgaende

__all__ = ["SmsUtgaende"]
