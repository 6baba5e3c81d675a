from .push import Notisval, PushEnhet, PushUtgaende
from .sms import SmsUtgaende

__all__ = ["Notisval", "PushEnhet", "PushUtgaende", "SmsUtgaende"]
