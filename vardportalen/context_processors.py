def staff_shell(request):
    """The header needs the active commission; the rest of the shell reads request directly."""
    return {"uppdrag": getattr(request, "uppdrag", None)}
