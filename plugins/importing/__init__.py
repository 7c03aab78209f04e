"""Import articles an old portal published (plain text, RSS/Atom, HTML pages)
as draft reports: :mod:`.articles` (the article and its plain-text form),
:mod:`.html`, :mod:`.feeds`, :mod:`.report` (header and Markdown), :mod:`.run`
(the command)."""
