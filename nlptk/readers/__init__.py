"""readers: streaming parsers of training and evaluation corpora, with line-precise errors.

One module per family of formats; each yields one sentence/document at a time.
"""
