"""The RDF step: resolved Extractions → rdflib graphs under ``ontology/directives.ttl``, validated
against ``ontology/shapes.ttl``.

* ``loaders.rdf.build``: ``build_graph(extraction, text=None)`` one document's graph,
  ``build_triples`` the same as a plain set of triples (cheaper: the build's path),
  ``canonical_ntriples`` sorted N-Triples of either, ``graph_iri(extraction)`` its named graph
  (``…/graph/{document key}``);
* ``loaders.rdf.reference``: ``reference_graph(provinces)`` the gazetteer's facts (provinces and
  their succession, organ part-of, group members, validity) in ``…/graph/reference/gazetteer``;
* ``loaders.rdf.validate``: ``validate(graph) -> ValidationReport`` and ``validate_triples(triples)``
  (``loaders.rdf.quickcheck`` first decides in ~0.5 ms whether a graph certainly conforms; pyshacl,
  shapes parsed once, validates and reports the rest).
"""
