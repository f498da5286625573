"""The case's documents: their registry (what each type is and needs), the builders, issuing and the dossier."""
