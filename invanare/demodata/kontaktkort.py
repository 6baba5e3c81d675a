"""Contact-card texts (Hitta vård / EK) for the demo units: yttre färdväg ≤ 1024, inre färdväg ≤ 1024,
om oss ≤ 2048 characters. The transport lines are per unit; the 'om oss' text is per unit type."""
from vardportalen.models import Vardenhet

Typ = Vardenhet.Typ

_OM_OSS = {
    Typ.FORLOSSNINGSKLINIK: (
        "Vi tar emot födslar dygnet runt, årets alla dagar. Du har valt eller tilldelats oss som förlossningsklinik "
        "i Alltid öppet. Ring förlossningens rådgivning innan du åker in, så kan barnmorskan bedöma om det är dags. "
        "Ta med legitimation, din graviditetsjournal (om du har en papperskopia) och det du behöver för att vara "
        "hos oss ett till två dygn. En stödperson är välkommen under förlossningen. Efter förlossningen vårdas du "
        "och barnet på BB-avdelningen, eller går hem tidigt med uppföljning på eftervårdsmottagningen. "
        "Behöver du tolk ber vi dig säga det i förväg till din barnmorskemottagning, så bokar vi tolk."
    ),
    Typ.VARDCENTRAL: (
        "Vi är en vårdcentral med läkare, distriktssköterskor, fysioterapeut och psykosocial mottagning. "
        "Du som är listad hos oss kan skicka meddelanden, boka och avboka tider och få kallelser i Alltid öppet. "
        "Vi har telefontid vardagar 08.00–16.30 och drop-in för provtagning vardagar 07.30–10.00. "
        "Vid akuta besvär efter stängning, ring 1177 eller besök närmaste närakut. "
        "Vid livshotande tillstånd, ring 112."
    ),
    Typ.BARNMORSKEMOTTAGNING: (
        "Hos oss får du hälsovård under graviditeten: inskrivningssamtal, provtagning, kontroller och "
        "föräldragrupper. Efter ditt första besök kan du välja förlossningsklinik i Alltid öppet fram till "
        "graviditetsvecka 21+6. Vi erbjuder också preventivmedelsrådgivning och cellprovtagning. "
        "Du når oss via meddelande i Alltid öppet eller på telefon vardagar 08.30–12.00."
    ),
    Typ.BARNAVARDSCENTRAL: (
        "Barnavårdscentralen följer ditt barns hälsa, utveckling och växande från födseln till skolstart. "
        "Vi erbjuder hembesök, hälsobesök, vaccinationer enligt barnvaccinationsprogrammet och föräldragrupper. "
        "Som vårdnadshavare kan du boka och avboka tider åt ditt barn i Alltid öppet."
    ),
    Typ.SPECIALISTMOTTAGNING: (
        "Specialistmottagningen tar emot patienter på remiss. När remissen är mottagen får du en "
        "remissbekräftelse i Alltid öppet eller i din digitala brevlåda. Kallelse till besök skickas på samma sätt. "
        "Har du frågor om din remiss kan du skicka ett meddelande till oss i Alltid öppet."
    ),
    Typ.VACCINATIONSMOTTAGNING: (
        "Vaccinationen sker inomhus i bottenplan. Boka tid i Alltid öppet; alla vaccinationer sker på bokade "
        "tider. Fyll i hälsodeklarationen i appen innan du kommer. Entrévärdar möter dig vid ingången och "
        "visar vägen. Efter vaccinationen stannar du kvar i väntrummet i 15 minuter. "
        "Ta med legitimation. Barn under 18 år ska ha med sig en vårdnadshavare."
    ),
    Typ.REGIONAL: (
        "Regional funktion för Alltid öppet: den gemensamma tidboken för vaccinationer och förvaltningen av "
        "Vårdportalen. Funktionen tar inte emot besök."
    ),
}

_INRE_SJUKHUS = (
    "Gå in genom huvudentrén. Följ skyltarna mot {plats}. Hissar finns direkt innanför entrén och dörrarna "
    "öppnas automatiskt. Lokalen är anpassad för rullstol och det finns rullstolar att låna i entréhallen. "
    "Parkering för rörelsehindrade finns närmast entrén. Besöksparkeringen är avgiftsbelagd; betala med app "
    "eller i automat."
)
_INRE_MOTTAGNING = (
    "Mottagningen ligger på {plats}. Det finns hiss och ramp vid entrén, och lokalen är anpassad för rullstol. "
    "Anmäl dig i receptionen eller i incheckningsautomaten. Parkering för rörelsehindrade finns utanför entrén; "
    "övrig gatuparkering är avgiftsbelagd. Hörselslinga finns i receptionen."
)


def kontaktkort(typ: str, *, kollektivtrafik: str, plats: str) -> tuple[str, str, str]:
    """(yttre färdväg, inre färdväg, om oss) for one unit."""
    yttre = (f"{kollektivtrafik} Planera resan på sl.se. "
             "E-kallelsen i Alltid öppet kan gälla som bussbiljett enligt regionens riktlinjer.")
    inre_mall = _INRE_SJUKHUS if typ == Typ.FORLOSSNINGSKLINIK else _INRE_MOTTAGNING
    inre = inre_mall.format(plats=plats)
    return yttre, inre, _OM_OSS[typ]
