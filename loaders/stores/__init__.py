"""The stores: where validated RDF goes, and the views derived from it.

* ``rdf_store``     pyoxigraph on disk, one named graph per document, snapshots for readers (SPARQL)
* ``pg_mapping``    the RDF → property-graph mapping, read from the ontology at run time
* ``graph_store``   the ``GraphStore`` interface and the engine registry (``open_graph_store``)
* ``ladybug_store`` LadybugDB, embedded, a new version per build switched by ``CURRENT``
* ``neo4j_store``   Neo4j 5+ through the official driver, when ``NEO4J_URI`` is set
* ``search_index``  SQLite FTS5: symbols in any writing, names with or without diacritics
* ``views``         ``rebuild_views(home)``: property graph + search index from the RDF snapshot;
                    ``update_views``: only what changed since the views were made (``views_delta``)
* ``readonly``      the text checks that refuse writes; ``query_worker`` runs user queries killably
* ``versions``      versioned directories with a pointer file and reader leases
"""
