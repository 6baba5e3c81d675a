LOA = {"loa2": "http://id.elegnamnden.se/loa/1.0/loa2", "loa3": "http://id.elegnamnden.se/loa/1.0/loa3"}


def eid_claims(id_token, user, **kwargs):
    """What a Swedish e-ID broker adds: the personal identity number and the assurance level."""
    id_token["personal_number"] = user.username
    id_token["acr"] = LOA.get(user.first_name, LOA["loa3"])
    return id_token
