"""manage.py card_agent: the SITHS card agent for this workstation (loopback only)."""
import logging

from django.core.management.base import BaseCommand, CommandError

from vardportalen.cardagent.module import ModuleError, pkcs11_module_path, softhsm_environ_setup, uses_softhsm
from vardportalen.cardagent.server import agent_make


class Command(BaseCommand):
    help = "Startar kortagenten: läser SITHS-kort via PKCS#11 och signerar inloggningar åt Vårdportalen."

    def add_arguments(self, parser):
        parser.add_argument("--origin", required=True, action="append",
                            help="Portalens origin, t.ex. http://127.0.0.1:8000 (kan anges flera gånger).")
        parser.add_argument("--port", type=int, default=8089)
        parser.add_argument("--host", default="127.0.0.1", help="Loopback-adress (bara 127.0.0.1, ::1 eller localhost).")
        parser.add_argument("--module", help="PKCS#11-modul (standard settings.PKCS11_MODULE, annars kortsimulatorn).")

    def handle(self, *args, origin, port, host, module, verbosity, **options):
        logging.getLogger("vardportalen.cardagent").setLevel(logging.INFO if verbosity > 0 else logging.WARNING)
        try:
            path = pkcs11_module_path(module)
            if uses_softhsm(path):
                env = softhsm_environ_setup()
                self.stdout.write(f"Kortsimulator: {path}, SOFTHSM2_CONF={env['SOFTHSM2_CONF']}")
            server = agent_make(origin=origin, port=port, host=host, module=path)
        except (ModuleError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Kortagenten lyssnar på {server.url} och svarar bara {', '.join(server.config.origins)}. Avsluta med Ctrl+C."
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
