"""`dkg validate` (SHACL report of what is stored) and `dkg export` (the graph in a standard format)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pyoxigraph as ox
import typer
from rdflib import Dataset, Graph, URIRef
from rich.console import Console

from dkg.cli import app
from dkg.commands.build import HOME_HELP
from dkg.config import data_home
from loaders.pipeline import property_graph_schema
from loaders.rdf.reference import with_reference
from loaders.rdf.validate import validate
from loaders.stores.errors import StoreError
from loaders.stores.pg_mapping import rows_from_rdf
from loaders.stores.rdf_store import RdfStore

GRAPH_FORMATS = ("graphml", "csv")


@app.command("validate")
def validate_command(home: Path = typer.Option(None, "--home", help=HOME_HELP)) -> None:
    """Validate every stored document against ontology/shapes.ttl; exit 1 if any violates."""
    console = Console()
    try:
        store = RdfStore.open(data_home(home), read_only=True)
    except StoreError as error:
        Console(stderr=True).print(f"[red]lỗi[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    bad = 0
    with store:
        graphs = store.documents()
        for iri in graphs:
            report = validate(_rdflib_graph(store, iri))
            if not report.conforms:
                bad += 1
                console.print(report.describe(), highlight=False)
    console.print(f"{len(graphs)} văn bản, {bad} có vi phạm SHACL.")
    if bad:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    format: str = typer.Option("ttl", "--format", "-f", help="ttl | nt | nq | trig | jsonld | rdf | graphml | csv"),
    output: Path = typer.Option(None, "--output", "-o", help="File (csv: a folder); default standard output."),
    home: Path = typer.Option(None, "--home", help=HOME_HELP),
) -> None:
    """Export the whole graph: RDF formats from the RDF store, graphml/csv as the property graph."""
    try:
        store = RdfStore.open(data_home(home), read_only=True)
    except StoreError as error:
        Console(stderr=True).print(f"[red]lỗi[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    with store:
        if format.lower() in GRAPH_FORMATS:
            rows = rows_from_rdf(store.quads(), property_graph_schema())
            _export_property_graph(format.lower(), rows, output)
            return
        try:
            data = store.export(format, output)
        except StoreError as error:
            Console(stderr=True).print(f"[red]lỗi[/red] {error}", highlight=False)
            raise typer.Exit(2) from None
    if data is not None:
        sys.stdout.buffer.write(data)


def _export_property_graph(fmt: str, rows, output: Path | None) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for table, nodes in rows.nodes.items():
        for node in nodes:
            attrs = {k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in node.items()
                     if v is not None and k != "uri"}
            attrs["name"] = attrs.pop("label", "")
            graph.add_node(node["uri"], label=table, **{k: str(v) for k, v in attrs.items()})
    for rel, edges in rows.rels.items():
        for e in edges:
            graph.add_edge(e.src, e.dst, type=rel)
    if fmt == "graphml":
        target = output or sys.stdout.buffer
        nx.write_graphml(graph, target)
        return
    folder = output or Path("export-csv")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "nodes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["uri", "label", "name"])
        for uri, attrs in graph.nodes(data=True):
            w.writerow([uri, attrs.get("label", ""), attrs.get("name", "")])
    with open(folder / "relationships.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["from", "type", "to"])
        for src, dst, attrs in graph.edges(data=True):
            w.writerow([src, attrs["type"], dst])
    Console(stderr=True).print(f"{folder}/nodes.csv, {folder}/relationships.csv")


def _rdflib_graph(store: RdfStore, iri: str):
    """One stored document's named graph as an rdflib Graph (what pyshacl reads), with the reference
    descriptions of the organs, provinces and document kinds it names that it is stored without."""
    data = ox.serialize(store.quads(iri), format=ox.RdfFormat.N_QUADS)
    stored = Dataset().parse(data=data, format="nquads").graph(URIRef(iri))
    graph = Graph()
    for triple in with_reference(set(stored)):
        graph.add(triple)
    return graph
