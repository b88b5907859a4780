from .figures import KEY_FIGURES_MIME, SOURCES_MIME, key_figures, sources
