"""One module per file format Hisho reads; ``engine.library.extract`` picks between them.

Each module turns the bytes of one file into :class:`~engine.library.types.Extracted`
or raises :class:`~engine.errors.ExtractError` with a sentence the user can act on.
Heavy parsers (pypdfium2, charset_normalizer) are imported inside the functions.
"""
