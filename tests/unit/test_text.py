"""Long titles are shortened in the middle, so the start and the end that tell them apart stay."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cxworkbook.ui.text import ELLIPSIS, middle_shortened


def test_titles_that_start_alike_keep_the_end_that_tells_them_apart():
    spring = middle_shortened("Digitaalisen asiakaskokemuksen työpaja, kevät 2027", 28)
    plain = middle_shortened("Digitaalisen asiakaskokemuksen työpaja", 28)
    assert spring == "Digitaalisen … kevät 2027"
    assert plain == "Digitaalisen … työpaja"
    assert middle_shortened("CX workshop, spring 2026", 28) == "CX workshop, spring 2026"


def test_a_word_longer_than_its_half_is_cut_inside_it():
    assert middle_shortened("Asiakaskokemuksentyöpajasarja2026", 20) == "Asiakasko … arja2026"


@given(st.text(max_size=120), st.integers(min_value=12, max_value=60))
def test_a_shortened_text_fits_and_keeps_its_start_and_end(text, limit):
    shown = middle_shortened(text, limit)
    one_line = " ".join(text.split())
    assert len(shown) <= limit
    if len(text) <= limit:
        assert shown == text
    elif len(one_line) <= limit:
        assert shown == one_line
    else:
        cuts = [at for at in range(len(shown)) if shown.startswith(ELLIPSIS, at)]
        assert any(
            one_line.startswith(shown[:at]) and one_line.endswith(shown[at + len(ELLIPSIS) :])
            for at in cuts
            if 0 < at < len(shown) - len(ELLIPSIS)
        )
