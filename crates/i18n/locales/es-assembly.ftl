# Assemblies: rules and errors of the domain and services layers.
