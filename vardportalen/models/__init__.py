from .atkomstlogg import Atkomstlogg
from .formulartoken import Formulartoken
from .personal import LEGITIMERADE_YRKEN, Medarbetare, Medarbetaruppdrag, Roll, Vardenhet, Yrke, roll_namn
from .siths import Inloggningshandelse, InloggningsNonce

__all__ = [
    "LEGITIMERADE_YRKEN",
    "Yrke",
    "Atkomstlogg",
    "Formulartoken",
    "Inloggningshandelse",
    "InloggningsNonce",
    "Medarbetare",
    "Medarbetaruppdrag",
    "Roll",
    "roll_namn",
    "Vardenhet",
]
