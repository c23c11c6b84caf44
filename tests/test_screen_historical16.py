"""Historical figures (rules/people/historical16.tsv, ~600 people who died before 1970, named as a user of
each screened language names them) are allowed in any style; an uncurated imported list that holds the
same name without a death date names the same figure, so it no longer makes a painter or a sultan a
living person to protect. A living person in a harmful scene is still flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from provguard.config import Settings
from provguard.screen import Screener
from provguard.screen.people import import_people


@pytest.mark.parametrize(
    "prompt",
    [
        "Maria Skłodowska-Curie robi selfie w laboratorium, fotorealistycznie",
        "Fatih Sultan Mehmet İstanbul Boğazında selfie çekiyor, gerçekçi fotoğraf",
        "Gustav Klimt painting in his garden, realistic photo",
        "photo réaliste de Victor Hugo dans un café parisien",
    ],
)
def test_a_historical_figure_is_allowed_in_a_realistic_scene(screener: Screener, prompt: str) -> None:
    d = screener.screen(prompt)
    assert d.action in ("allow", "warn"), (d.action, d.explanation)


def test_an_imported_namesake_without_a_death_date_is_the_historical_figure(tmp_path: Path) -> None:
    src = tmp_path / "list.tsv"
    src.write_text(
        "qid\tname_en\tnames\taliases\tcategory\tcountry\tprominence\tsource\n"
        "\tGustav Klimt\tGustav Klimt\t\t\t\t\tx\n\tAda Quill\tAda Quill\t\t\t\t\tx\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data")
    import_people(src, settings.data_dir, "big-list")
    s = Screener.load(settings=settings)
    assert s.screen("a hyperrealistic portrait of Gustav Klimt at his easel").action in ("allow", "warn")
    # the imported living name in the same scene is still a person
    d = s.screen("Ada Quill arrested by the police, realistic photo")
    assert d.action in ("review", "block"), d.explanation
