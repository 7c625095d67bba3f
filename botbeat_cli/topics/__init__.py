"""Topics: the vocabulary in botbeat.yaml (`vocabulary`), suggestions for articles
(`suggestions`) and the words learnt per topic (`learnt`): the `tag` command."""
