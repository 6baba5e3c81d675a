"""The region structure and the referral rules of the demo catalogue (our own, invented for demo and tests:
not the region's real rules, not medically reviewed)."""

VARDUPPDRAG = [
    ("akut_livshotande", "Akut livshotande tillstånd"),
    ("akut_somatik", "Akut somatik, ej livshotande"),
    ("primarvard", "Primärvård"),
    ("primarvard_barn", "Primärvård för små barn"),
    ("psykiatri_akut", "Akut psykiatri"),
    ("psykiatri", "Psykiatri och psykisk ohälsa"),
    ("ungdom", "Ungdomars hälsa"),
    ("gyn_akut", "Akut gynekologi"),
    ("graviditet", "Graviditet"),
    ("ogon_akut", "Akuta ögonbesvär"),
    ("tand_akut", "Akut tandvård"),
    ("egenvard", "Egenvård och rådgivning"),
]

VARDFORMER = [
    ("ambulans_112", "Ring 112", True),
    ("akutmottagning", "Akutmottagning", False),
    ("barnakut", "Barnakut", False),
    ("narakut", "Närakut", False),
    ("vardcentral", "Vårdcentral", False),
    ("bvc", "Barnavårdscentral (BVC)", False),
    ("ungdomsmottagning", "Ungdomsmottagning", False),
    ("psykiatrisk_akut", "Psykiatrisk akutmottagning", False),
    ("bup_akut", "BUP akut", False),
    ("psykiatrisk_mottagning", "Psykiatrisk öppenvårdsmottagning", False),
    ("gynakut", "Gynekologisk akutmottagning", False),
    ("barnmorskemottagning", "Barnmorskemottagning", False),
    ("ogonakut", "Ögonakut", False),
    ("akut_tandvard", "Akut tandvård", False),
    ("radgivning_1177", "1177 Vårdguiden på telefon", True),
]

V, H, A = ["vardag"], ["helg"], ["alla"]
VUXEN, BARN = [18, None], [0, 18]
# (kod, vårduppdrag, ålder [från, till), dagar, tid [från, till), vårdform, prioritet, motivering)
REGLER = [
    ("R-LIV", "akut_livshotande", [0, None], A, ["00:00", "24:00"], "ambulans_112", 10, "Livshotande: alltid 112."),
    ("R-SOM-V-DAG", "akut_somatik", VUXEN, V, ["08:00", "17:00"], "vardcentral", 50, "Vårdcentralen har akuta tider dagtid."),
    ("R-SOM-V-KVALL", "akut_somatik", VUXEN, V, ["17:00", "22:00"], "narakut", 50, ""),
    ("R-SOM-H-DAG", "akut_somatik", VUXEN, H, ["08:00", "22:00"], "narakut", 50, "Helg och helgdagsafton: närakuten."),
    ("R-SOM-NATT-SEN", "akut_somatik", VUXEN, A, ["22:00", "24:00"], "akutmottagning", 50, "Natt: akutmottagning."),
    ("R-SOM-NATT-TIDIG", "akut_somatik", VUXEN, A, ["00:00", "08:00"], "akutmottagning", 50, "Natt: akutmottagning."),
    ("R-SOMB-V-DAG", "akut_somatik", BARN, V, ["08:00", "17:00"], "vardcentral", 50, ""),
    ("R-SOMB-V-KVALL", "akut_somatik", BARN, V, ["17:00", "21:00"], "narakut", 50, "Närakuten tar emot barn till kl. 21."),
    ("R-SOMB-H-DAG", "akut_somatik", BARN, H, ["08:00", "21:00"], "narakut", 50, "Närakuten tar emot barn till kl. 21."),
    ("R-SOMB-SEN", "akut_somatik", BARN, A, ["21:00", "24:00"], "barnakut", 50, "Barn kvällar och nätter: barnakuten."),
    ("R-SOMB-TIDIG", "akut_somatik", BARN, A, ["00:00", "08:00"], "barnakut", 50, "Barn kvällar och nätter: barnakuten."),
    ("R-PV-DAG", "primarvard", [0, None], V, ["08:00", "17:00"], "vardcentral", 50, ""),
    ("R-PV-KVALL", "primarvard", [0, None], V, ["00:00", "08:00"], "radgivning_1177", 60, "Vårdcentralen är stängd: råd per telefon och ny kontakt dagtid."),
    ("R-PV-KVALL2", "primarvard", [0, None], V, ["17:00", "24:00"], "radgivning_1177", 60, "Vårdcentralen är stängd: råd per telefon och ny kontakt dagtid."),
    ("R-PV-HELG", "primarvard", [0, None], H, ["00:00", "24:00"], "radgivning_1177", 60, "Vårdcentralen är stängd: råd per telefon och ny kontakt nästa vardag."),
    ("R-PVB-BVC", "primarvard_barn", [0, 6], V, ["08:00", "17:00"], "bvc", 40, "Barn under 6 år: BVC."),
    ("R-PVB-VC", "primarvard_barn", [6, None], V, ["08:00", "17:00"], "vardcentral", 50, ""),
    ("R-PVB-OVRIGT1", "primarvard_barn", [0, None], V, ["00:00", "08:00"], "radgivning_1177", 60, ""),
    ("R-PVB-OVRIGT2", "primarvard_barn", [0, None], V, ["17:00", "24:00"], "radgivning_1177", 60, ""),
    ("R-PVB-HELG", "primarvard_barn", [0, None], H, ["00:00", "24:00"], "radgivning_1177", 60, ""),
    ("R-PSY-AKUT-V", "psykiatri_akut", VUXEN, A, ["00:00", "24:00"], "psykiatrisk_akut", 50, ""),
    ("R-PSY-AKUT-B", "psykiatri_akut", BARN, A, ["00:00", "24:00"], "bup_akut", 50, "Under 18 år: BUP."),
    ("R-PSY-DAG", "psykiatri", [0, None], V, ["08:00", "17:00"], "vardcentral", 50, "Vårdcentralen gör första bedömningen."),
    ("R-PSY-OVR1", "psykiatri", [0, None], V, ["00:00", "08:00"], "radgivning_1177", 60, ""),
    ("R-PSY-OVR2", "psykiatri", [0, None], V, ["17:00", "24:00"], "radgivning_1177", 60, ""),
    ("R-PSY-HELG", "psykiatri", [0, None], H, ["00:00", "24:00"], "radgivning_1177", 60, ""),
    ("R-UNG", "ungdom", [13, 26], V, ["08:00", "17:00"], "ungdomsmottagning", 40, "13–25 år: ungdomsmottagningen."),
    ("R-UNG-OVR", "ungdom", [0, None], A, ["00:00", "24:00"], "radgivning_1177", 90, "Utanför ungdomsmottagningens ålder eller tider."),
    ("R-UNG-VC", "ungdom", [0, None], V, ["08:00", "17:00"], "vardcentral", 80, ""),
    ("R-GYN", "gyn_akut", [0, None], A, ["00:00", "24:00"], "gynakut", 50, ""),
    ("R-GRAV-DAG", "graviditet", [0, None], V, ["08:00", "17:00"], "barnmorskemottagning", 50, ""),
    ("R-GRAV-OVR", "graviditet", [0, None], A, ["00:00", "24:00"], "radgivning_1177", 90, "Barnmorskemottagningen är stängd."),
    ("R-OGON", "ogon_akut", [0, None], A, ["00:00", "24:00"], "ogonakut", 50, ""),
    ("R-TAND", "tand_akut", [0, None], A, ["00:00", "24:00"], "akut_tandvard", 50, ""),
    ("R-EGEN", "egenvard", [0, None], A, ["00:00", "24:00"], "radgivning_1177", 50, ""),
]


def struktur() -> dict:
    return {
        "vardupdrag": [{"kod": k, "namn": n} for k, n in VARDUPPDRAG],
        "vardformer": [{"kod": k, "namn": n, "radgivning": r} for k, n, r in VARDFORMER],
        "regler": [{"kod": k, "vardupdrag": u, "alder": a, "dagar": d, "tid": t, "vardform": f, "prioritet": p,
                    "motivering": m} for k, u, a, d, t, f, p, m in REGLER],
    }
