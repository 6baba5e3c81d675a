"""Changes to citizens. Each service owns its transaction and writes its access-log row inside it.

One module per topic; import from ``invanare.services``:
- folkbokforing: care relations, registered address
- ombud: proxies (register, end) and blocks of proxies (block, unblock)
- konto: account locks by staff, deregistration and self-lock by the citizen
- avregistrering: the confirmation steps before that deregistration (step tokens, texts)
- hotbild: the known-threat marker (känd hotbild)
"""
from invanare.services.folkbokforing import (  # noqa: F401
    ANLEDNING_MAX,
    adress_fran_postnummer,
    invanare_set_adress,
    vardrelation_create,
)
from invanare.services.ombud import (  # noqa: F401
    ombud_block,
    ombud_block_bekrafta,
    ombud_end,
    ombud_register,
    ombud_unblock,
    ombud_unblock_bekrafta,
    tillatna_blanketter,
)
from invanare.services.konto import konto_avregistrera, konto_lock, konto_lock_validera, konto_unlock  # noqa: F401
from invanare.services.avregistrering import (  # noqa: F401
    STEG_TOTALT,
    avregistrering_las_token,
    avregistrering_text,
    avregistrering_token,
)
from invanare.services.hotbild import kand_hotbild_satt, kand_hotbild_ta_bort  # noqa: F401
