"""Citizen criteria (invånarkriterier): small reusable rules a unit uses to say which citizens may do
something (e.g. start a conversation). A Django app of its own (label ``invanarkriterier``) inside
invanare/, so its migrations stay apart from the citizen register's."""
