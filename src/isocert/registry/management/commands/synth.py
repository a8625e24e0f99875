"""``isocert synth``: build a realistic synthetic registry for demos, tests and benchmarks."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from isocert.certification.models import Certificate
from isocert.core.commands import numbers_table
from isocert.registry.services import search_index_bulk, search_index_refresh
from isocert.registry.synth.build import SyntheticRegistry, SynthOptions
from isocert.registry.synth.load import analyze

INDEX_CHUNK = 20_000


class Command(BaseCommand):
    help = (
        "Build a synthetic public registry: accreditation and certification bodies with scopes, "
        "clients with sites and identifiers, CERTIFICATES certificate rows (revisions included) "
        "in the proportions of the ISO Survey 2024, every status, and their public history in the "
        "hash-chained ledger; then the search index. All names are invented. Refuses a database "
        "that already holds certificates unless --append is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--certificates",
            type=int,
            required=True,
            metavar="N",
            help="certificate rows to create (each revision is a row)",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed: same seed, same data (default 1)"
        )
        parser.add_argument(
            "--cb-count",
            type=int,
            default=None,
            metavar="K",
            help="certification bodies to create (default N/20000, at least 5, at most 300)",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to a database that already has certificates (reuses its bodies)",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=10_000,
            help="clients written per transaction (default 10,000)",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            choices=(1, 2),
            help="2: generate in a second process while this one writes (default: 2 from 20,000 "
            "certificates on a machine with two or more processors, else 1)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (for logs and CI)"
        )
        parser.add_argument(
            "--json", action="store_true", help="print the result as JSON (stable keys)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["certificates"]
        if n < 1:
            raise CommandError("--certificates must be at least 1", returncode=2)
        if options["cb_count"] is not None and options["cb_count"] < 1:
            raise CommandError("--cb-count must be at least 1", returncode=2)
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1", returncode=2)
        existing = Certificate.objects.count()
        if existing and not options["append"]:
            raise CommandError(
                f"this database already holds {existing} certificates; isocert synth writes "
                "synthetic data only into an empty registry. Use --append to add to it anyway, "
                "or point the data directory (or database URL) at a throw-away database.",
                returncode=2,
            )
        builder = SyntheticRegistry(
            SynthOptions(
                certificates=n,
                seed=options["seed"],
                cb_count=options["cb_count"],
                batch_clients=options["batch"],
                jobs=options["jobs"] or (2 if n >= 20_000 and (os.cpu_count() or 1) > 1 else 1),
            )
        )
        console = Console(file=getattr(self.stderr, "_out", sys.stderr))
        started = time.monotonic()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=options["no_progress"],
        ) as progress:
            task = progress.add_task("certificates", total=n)
            result = builder.run(progress=lambda k: progress.advance(task, k))
            written_at = time.monotonic()
            ids = result.client_ids
            index = progress.add_task("search index", total=len(ids))
            searchable = 0
            with search_index_bulk():
                for i in range(0, len(ids), INDEX_CHUNK):
                    chunk = ids[i : i + INDEX_CHUNK]
                    searchable += search_index_refresh(client_ids=chunk)
                    progress.advance(index, len(chunk))
            indexed_at = time.monotonic()
            stats = progress.add_task("planner statistics", total=1)
            analyze()
            progress.advance(stats)
        done = time.monotonic()
        data: dict[str, Any] = {
            "certificates": result.certificates,
            "clients": result.clients,
            "searchable_clients": searchable,
            "sites": result.sites,
            "events": result.events,
            "certification_bodies": result.certification_bodies,
            "by_standard": dict(sorted(result.by_standard.items())),
            "by_status": dict(sorted(result.by_status.items())),
            "seconds": {
                "write": round(written_at - started, 1),
                "index": round(indexed_at - written_at, 1),
                "analyze": round(done - indexed_at, 1),
                "total": round(done - started, 1),
            },
            "certificates_per_second": round(result.certificates / max(done - started, 1e-9)),
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        out = Console(file=getattr(self.stdout, "_out", sys.stdout), width=100, highlight=False)
        out.print(
            numbers_table(
                "Synthetic registry",
                [
                    ("certificate rows", data["certificates"]),
                    ("clients", data["clients"]),
                    ("clients in search", searchable),
                    ("sites", data["sites"]),
                    ("public history events", data["events"]),
                    ("certification bodies", data["certification_bodies"]),
                    ("seconds", data["seconds"]["total"]),
                    ("certificates per second", data["certificates_per_second"]),
                ],
            )
        )
        out.print(numbers_table("Certificates by standard", list(data["by_standard"].items())))
        out.print(numbers_table("Certificates by status", list(data["by_status"].items())))
