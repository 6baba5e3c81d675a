"""The demo units: the region's seven birth clinics and a dozen other units, upserted on their HSA-ID."""
import hashlib
from dataclasses import dataclass

from invanare.models import Postnummer
from invanare.demodata.kontaktkort import kontaktkort
from vardportalen.models import Vardenhet

Typ = Vardenhet.Typ
HSA_PREFIX = "SE2321000016-"
_HSA_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O, as in printed ids


def hsa_id_for(key: str, *, length: int = 4) -> str:
    """A stable, real-looking HSA-ID (SE2321000016-XXXX) derived from a name."""
    n = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    chars = []
    for _ in range(length):
        n, r = divmod(n, len(_HSA_ALPHABET))
        chars.append(_HSA_ALPHABET[r])
    return HSA_PREFIX + "".join(chars)


@dataclass(frozen=True)
class UnitSpec:
    key: str  # short code used by the staff roster and relations
    namn: str
    typ: str
    gatuadress: str
    postnummer: str
    telefon: str
    kollektivtrafik: str
    plats: str  # where inside the building
    lat: float | None = None  # birth clinics: hospital position from data/geo/README.md
    lon: float | None = None

    @property
    def hsa_id(self) -> str:
        return hsa_id_for(self.namn)


# Telephone numbers are from PTS's range reserved for fiction (08-465 004 00–99).
UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("F_DS", "Danderyds sjukhus förlossning", Typ.FORLOSSNINGSKLINIK, "Entrévägen 2", "18288",
             "08-465 004 01", "Tunnelbana röd linje mot Mörby centrum, station Danderyds sjukhus. Bussterminal vid "
             "sjukhusets entré.", "Förlossningen, hus 19, plan 3", 59.3915, 18.0405),
    UnitSpec("F_BBS", "BB Stockholm", Typ.FORLOSSNINGSKLINIK, "Entrévägen 2", "18288",
             "08-465 004 02", "Tunnelbana röd linje mot Mörby centrum, station Danderyds sjukhus. BB Stockholm "
             "ligger på Danderyds sjukhus område.", "BB Stockholm, hus 39, plan 4", 59.3915, 18.0405),
    UnitSpec("F_KS", "Karolinska Universitetssjukhuset Solna", Typ.FORLOSSNINGSKLINIK, "Eugeniavägen 3", "17164",
             "08-465 004 03", "Buss 3 och 507 till hållplats Karolinska sjukhuset. Pendeltåg och tunnelbana till "
             "Solna station, därefter tio minuters promenad.", "Förlossning och BB, plan 4", 59.3497, 18.0327),
    UnitSpec("F_KH", "Karolinska Universitetssjukhuset Huddinge", Typ.FORLOSSNINGSKLINIK, "Hälsovägen 13", "14186",
             "08-465 004 04", "Pendeltåg till Flemingsberg, därefter buss 865 eller fem minuters promenad. Flera "
             "busslinjer stannar vid sjukhusets entré.", "Förlossning, C-huset, plan 5", 59.2221, 17.9384),
    UnitSpec("F_SG", "BB S:t Göran", Typ.FORLOSSNINGSKLINIK, "Sankt Göransplan 1", "11281",
             "08-465 004 05", "Tunnelbana blå linje till Fridhemsplan, uppgång S:t Göransgatan. Buss 1 och 3 till "
             "hållplats S:t Görans sjukhus.", "BB S:t Göran, hus 2, plan 3", 59.3357, 18.0185),
    UnitSpec("F_SOS", "Södersjukhuset", Typ.FORLOSSNINGSKLINIK, "Sjukhusbacken 10", "11883",
             "08-465 004 06", "Pendeltåg till Stockholms södra, därefter tio minuters promenad. Tunnelbana till "
             "Skanstull och buss 4 eller 164 till hållplats Södersjukhuset.", "Förlossningen, plan 3", 59.3106,
             18.0529),
    UnitSpec("F_STS", "Södertälje sjukhus", Typ.FORLOSSNINGSKLINIK, "Rosenborgsgatan 6", "15286",
             "08-465 004 07", "Pendeltåg till Södertälje centrum, därefter buss 754 eller 15 minuters promenad.",
             "Kvinnokliniken, förlossning, plan 2", 59.1826, 17.6322),
    UnitSpec("VC_GUB", "Vårdcentral Gubbängen", Typ.VARDCENTRAL, "Gubbängstorget 115", "12245",
             "08-465 004 10", "Tunnelbana grön linje mot Hagsätra, station Gubbängen. Vårdcentralen ligger vid "
             "torget, två minuter från spärrarna.", "torgets östra sida, en trappa upp"),
    UnitSpec("VC_HOR", "Vårdcentral Hornstull", Typ.VARDCENTRAL, "Långholmsgatan 20", "11733",
             "08-465 004 11", "Tunnelbana röd linje till Hornstull, uppgång Långholmsgatan. Buss 4, 40 och 94 till "
             "hållplats Hornstull.", "plan 2 i gallerian, ingång från Långholmsgatan"),
    UnitSpec("VC_SOL", "Vårdcentral Solna centrum", Typ.VARDCENTRAL, "Solna torg 3", "17145",
             "08-465 004 12", "Tunnelbana blå linje till Solna centrum. Tvärbanan till Solna centrum.",
             "plan 3 i Solna centrum, hiss vid torget"),
    UnitSpec("VC_TBY", "Vårdcentral Täby centrum", Typ.VARDCENTRAL, "Stora Marknadsvägen 15", "18334",
             "08-465 004 13", "Roslagsbanan till Täby centrum. Bussterminalen ligger intill köpcentrumet.",
             "plan 2 ovanför bussterminalen"),
    UnitSpec("VC_FLE", "Vårdcentral Flemingsberg", Typ.VARDCENTRAL, "Tegelbruksvägen 2", "14152",
             "08-465 004 14", "Pendeltåg till Flemingsberg. Buss 172 och 865 till hållplats Flemingsbergs centrum.",
             "bottenplan i Flemingsbergs centrum"),
    UnitSpec("VC_STJ", "Vårdcentral Södertälje", Typ.VARDCENTRAL, "Storgatan 29", "15172",
             "08-465 004 15", "Pendeltåg till Södertälje centrum, därefter fem minuters promenad längs Storgatan.",
             "plan 1, ingång från gården"),
    UnitSpec("BMM_GUB", "Barnmorskemottagning Gubbängen", Typ.BARNMORSKEMOTTAGNING, "Gubbängstorget 115", "12245",
             "08-465 004 20", "Tunnelbana grön linje mot Hagsätra, station Gubbängen. Mottagningen ligger i samma "
             "hus som vårdcentralen.", "plan 2, samma entré som vårdcentralen"),
    UnitSpec("BMM_SOL", "Barnmorskemottagning Solna", Typ.BARNMORSKEMOTTAGNING, "Solna torg 3", "17145",
             "08-465 004 21", "Tunnelbana blå linje till Solna centrum. Tvärbanan till Solna centrum.",
             "plan 4 i Solna centrum"),
    UnitSpec("BVC_HOR", "Barnavårdscentral Hornstull", Typ.BARNAVARDSCENTRAL, "Långholmsgatan 20", "11733",
             "08-465 004 25", "Tunnelbana röd linje till Hornstull. Barnvagnsparkering finns vid entrén.",
             "plan 2, till höger efter vårdcentralens reception"),
    UnitSpec("SPEC_SAB", "Hudmottagningen Sabbatsberg", Typ.SPECIALISTMOTTAGNING, "Olivecronas väg 1", "11361",
             "08-465 004 30", "Tunnelbana grön linje till Odenplan eller S:t Eriksplan. Buss 2, 4 och 94 till "
             "hållplats Sabbatsbergs sjukhus.", "hus 5, plan 1"),
    UnitSpec("VAC_KIS", "Kista - vaccination covid - Vaxa Vård AB", Typ.VACCINATIONSMOTTAGNING, "Kista torg 7",
             "16440", "08-465 004 35", "Tunnelbana blå linje mot Akalla, station Kista. Uppgång Kista centrum.",
             "bottenplan vid Kista torg, bredvid biblioteket"),
    UnitSpec("VAC_LIL", "Liljeholmen - vaccination covid - Vaxa Vård AB", Typ.VACCINATIONSMOTTAGNING,
             "Liljeholmstorget 7", "11763", "08-465 004 36", "Tunnelbana röd linje och tvärbanan till "
             "Liljeholmen.", "plan 1 i Liljeholmstorget galleria"),
    UnitSpec("REG_VAC", "Alltid öppet regional vaccinationstidbok", Typ.REGIONAL, "Solnavägen 1E", "11365",
             "08-465 004 40", "Tunnelbana grön linje till S:t Eriksplan eller Odenplan.", "förvaltningens kontor"),
)

UNITS_BY_KEY = {u.key: u for u in UNITS}


def demo_unit_hsa_ids() -> list[str]:
    return [u.hsa_id for u in UNITS]


def _postnummer_row(wanted: str) -> Postnummer:
    """The wanted code, or the first existing code with the same three-digit prefix (any postal-code CSV)."""
    row = Postnummer.objects.filter(postnummer=wanted).first()
    if row is None:
        row = Postnummer.objects.filter(postnummer__startswith=wanted[:3]).order_by("postnummer").first()
    if row is None:
        raise LookupError(f"Postnumret {wanted} saknas i tabellen Postnummer (kör migreringarna först).")
    return row


def units_upsert() -> dict[str, Vardenhet]:
    """Create or update the demo units. Returns them by key."""
    result = {}
    for spec in UNITS:
        pn = _postnummer_row(spec.postnummer)
        yttre, inre, om_oss = kontaktkort(spec.typ, kollektivtrafik=spec.kollektivtrafik, plats=spec.plats)
        enhet = Vardenhet.objects.filter(hsa_id=spec.hsa_id).first() or Vardenhet(hsa_id=spec.hsa_id)
        enhet.namn = spec.namn
        enhet.typ = spec.typ
        enhet.gatuadress = spec.gatuadress
        enhet.postnummer = pn.postnummer
        enhet.ort = pn.ort
        enhet.telefon = spec.telefon
        enhet.lat = spec.lat if spec.lat is not None else pn.lat
        enhet.lon = spec.lon if spec.lon is not None else pn.lon
        enhet.yttre_fardvag, enhet.inre_fardvag, enhet.om_oss = yttre, inre, om_oss
        enhet.aktiv = True
        enhet.full_clean()
        enhet.save()
        result[spec.key] = enhet
    return result
