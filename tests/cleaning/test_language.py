import pytest

from newstrail.cleaning.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The harbour was closed on Tuesday after a storm damaged two piers, officials said.", "en"),
        ("Der Hafen wurde am Dienstag geschlossen, nachdem ein Sturm zwei Anlegestellen beschädigt hatte.", "de"),
        ("Le port a été fermé mardi après qu'une tempête a endommagé deux jetées, selon les autorités.", "fr"),
        ("El puerto fue cerrado el martes después de que una tormenta dañara dos muelles, dijeron las autoridades.", "es"),
        ("Порт был закрыт во вторник после того, как шторм повредил два причала, сообщили власти.", "ru"),
        ("Порт закрили у вівторок після того, як шторм пошкодив два причали, повідомили чиновники.", "uk"),
        ("De haven werd dinsdag gesloten nadat een storm twee pieren had beschadigd, zeiden ambtenaren.", "nl"),
        ("Hamnen stängdes på tisdagen efter att en storm skadat två bryggor, uppgav myndigheterna.", "sv"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "OK", "12 345 678", "—"])
def test_too_short_is_none(text):
    assert detect_language(text) is None


def test_only_the_start_is_read():
    english = "The council approved the budget after a long debate on Tuesday night. " * 40
    assert detect_language(english + "Der Hafen wurde am Dienstag geschlossen. " * 200) == "en"
