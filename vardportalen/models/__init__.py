from .atkomstlogg import Atkomstlogg
from .personal import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet
from .siths import Inloggningshandelse, InloggningsNonce
from .sms import SmsUtgaende

__all__ = [
    "Atkomstlogg",
    "Inloggningshandelse",
    "InloggningsNonce",
    "Medarbetare",
    "Medarbetaruppdrag",
    "Roll",
    "SmsUtgaende",
    "Vardenhet",
]
