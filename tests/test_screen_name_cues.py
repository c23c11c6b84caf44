"""The reversed naming-word match in name_cues must agree with the forward regex it replaces."""

from __future__ import annotations

import random

from provguard.screen import name_cues, pet_names


def test_named_before_agrees_with_the_forward_regex() -> None:
    pieces = [
        "named",
        "Named",
        "CALLED",
        "mit dem Namen",
        "по имени",
        "名叫",
        "叫",
        "tên",
        "nommée",
        "nommé",
        "zwany",
        "renamed",
        "llamado",
        "llamadx",
        "на ім'я",
        " ",
        "\n",
        "\u3000",
        "'",
        '"',
        "“",
        "«",
        "「",
        ":",
        "a",
        "dog",
        "cat ",
        "x",
        "ı",
        "ſ",
    ]
    rng = random.Random(7)
    hits = 0
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for lo in (0, max(0, len(s) - 60), len(s) // 2):
            want = pet_names._NAMED_BEFORE.search(s[lo:]) is not None
            assert pet_names.named_before(s, lo, len(s)) == want, (s, lo)
            hits += want
    assert hits > 1000  # the generator does produce matches


def test_named_pet_examples() -> None:
    from provguard.screen.normalize import normalize

    p = "a photo of a dog named 'Trump' in a park"
    nt = normalize(p)
    i = nt.text.index("trump")
    assert name_cues.named_pet(nt, p, i, i + 5)
    p2 = "a photo of Trump with a dog in a park"
    nt2 = normalize(p2)
    j = nt2.text.index("trump")
    assert not name_cues.named_pet(nt2, p2, j, j + 5)


def test_named_after_cue_fires_after_a_name_inside_the_prompt() -> None:
    """Japanese/Korean put the naming word after the name ("「トランプ」という猫"); the cue must fire
    wherever the name stands, not only when the name opens the prompt."""
    from provguard.screen.normalize import normalize

    for p, name in (
        ("「トランプ」という猫が逮捕されるリアルな写真", "トランプ"),
        ("트럼프라는 고양이가 체포되는 사실적인 사진", "트럼프"),
        ("リアルな写真：トランプって名前の犬", "トランプ"),
    ):
        nt = normalize(p)
        i = nt.text.index(normalize(name).text)
        assert name_cues.named_pet(nt, p, i, i + len(name)), p
    # a naming word after the name but no animal or toy: still the person
    p = "トランプという男が逮捕されるリアルな写真"
    nt = normalize(p)
    assert not name_cues.named_pet(nt, p, 0, 4)


def test_named_after_pet_prompts_are_not_a_person(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from provguard.config import Settings
    from provguard.screen import Screener

    s = Screener.load(settings=Settings(data_dir=tmp_path), include_imported=False)
    for p in ("「トランプ」という猫が逮捕されるリアルな写真", "트럼프라는 고양이가 체포되는 사실적인 사진"):
        assert not [f for f in s.screen(p).findings if f.signal == "person"], p
    # the same scene with the person, not a pet, is still found
    d = s.screen("トランプが逮捕されるリアルな写真")
    assert any(f.signal == "person" for f in d.findings)


def test_pet_and_venue_prechecks_agree_with_the_forward_patterns() -> None:
    """owned_pet_before / pet_right_before / venue_named answer what the forward searches answer, at
    every position of generated strings (a one-character test first, or the venue pattern reversed)."""
    import random

    from provguard.screen import pet_names as pn

    rnd = random.Random(3)
    pieces = [
        "my dog ", "mi gata ", "mit unserem Dackel ", "un café appelé Chez ", "ein Restaurant namens Zum ",
        "a bakery called the ", "  ", "'", "«", "con mèo ", "the Dachshunds ", "z jamnikiem ", "с таксой ",
        "Kater ", "DOG ", "ſ", "K", "named ", "la ", "vira-lata ", "photo of ", "xdog ", "\n", "“", ":",
        "une boulangerie nommée La ", "una tienda llamada El ", "our pony ", "Mon CHAT ",
    ]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))) + "Name" for _ in range(3000)]
    found = [0, 0, 0]
    for t in texts:
        for s0 in range(len(t) + 1):
            want = (
                pn._OWNED_PET_BEFORE.search(t, max(0, s0 - 30), s0) is not None,
                pn._PET_RIGHT_BEFORE.search(t, max(0, s0 - 24), s0) is not None,
                pn._VENUE_NAMED.search(t, max(0, s0 - 48), s0) is not None,
            )
            assert (pn.owned_pet_before(t, s0), pn.pet_right_before(t, s0), pn.venue_named(t, s0)) == want, (
                t[:s0]
            )
            found = [a + b for a, b in zip(found, want, strict=True)]
    assert min(found) > 100  # each pattern matched often enough for the comparison to mean something


def test_cage_birds_rodents_and_tortoises_named_after_a_star_are_pets() -> None:
    """A budgie, a guinea pig or a tortoise named after a star is the animal (examples written for this
    test); the same star beside such an animal, unnamed, is still the star."""
    from provguard.screen import pet_names as pn
    from provguard.screen.normalize import normalize

    pets = [
        ("Unser Wellensittich heißt Helene Fischer und sitzt auf der Stange", "Helene Fischer"),
        ("o meu periquito chama-se Neymar, foto realista", "Neymar"),
        ("a guinea pig named Taylor Swift eating lettuce, photo", "Taylor Swift"),
        ("moja świnka morska o imieniu Lewandowski w klatce", "Lewandowski"),
        ("морская свинка по кличке Путин ест морковку", "Путин"),
        ("ma tortue s'appelle Mbappé, photo réaliste", "Mbappé"),
        ("kaplumbağam isimli Tarkan marul yiyor", "Tarkan"),
    ]
    for p, name in pets:
        i = p.index(name)
        assert pn.named_pet(normalize(p), p, 0, 1, (i, i + len(name))), p
    p = "photo of Taylor Swift feeding a canary"
    i = p.index("Taylor Swift")
    assert not pn.named_pet(normalize(p), p, 0, 1, (i, i + len("Taylor Swift")))
