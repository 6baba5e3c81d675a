from .atkomstlogg import Atkomstlogg
from .personal import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet
from .siths import Inloggningshandelse, InloggningsNonce

__all__ = [
    "Atkomstlogg",
    "Inloggningshandelse",
    "InloggningsNonce",
    "Medarbetare",
    "Medarbetaruppdrag",
    "Roll",
    "Vardenhet",
]
