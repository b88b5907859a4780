"""Words and pictures: the catalogue, table views, narrative, charts, notebook glue, explorer."""
