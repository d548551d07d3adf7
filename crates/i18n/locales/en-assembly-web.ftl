# Assemblies: pages, forms and the live view.
