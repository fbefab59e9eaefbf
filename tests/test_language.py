"""An article's language: detected from its text on entry, stored, editable, and marked up."""

import pytest
from django.urls import reverse

from claims.extraction.language import LANGUAGES, detect_language
from claims.models import Article
from claims.services.articles import article_create, article_update_text
from tests.factories import ArticleFactory

KOREAN = "국가정보원은 북한이 러시아에 약 1,500명의 특수부대를 보냈다고 밝혔다."
ARABIC = "قال جهاز الاستخبارات إن كوريا الشمالية أرسلت نحو 1500 جندي إلى روسيا."
ENGLISH = "The ministry said that 4,200 nurses were hired in 2023 and the budget grew."


class TestDetection:
    """claims/extraction/language.py: by script first, then by the model for Latin script."""

    @pytest.mark.parametrize(
        "text, language",
        [
            (KOREAN, "ko"),
            (ARABIC, "ar"),
            ("این گزارش را سازمان اطلاعات منتشر کرد و چند روزنامه آن را پوشش دادند.", "fa"),
            ("שירות הביון של דרום קוריאה אמר כי 1,500 חיילים נשלחו.", "he"),
            ("Служба разведки сообщила, что около 1500 солдат отправлены.", "ru"),
            ("Розвідка повідомила, що їх відправили до Росії.", "uk"),
            ("Η υπηρεσία πληροφοριών ανέφερε 1.500 στρατιώτες.", "el"),
            ("東京の情報機関は、約千五百人の兵士が送られたと述べた。", "ja"),
            ("情报机构说约一千五百名士兵被派往俄罗斯。", "zh"),
            ("หน่วยข่าวกรองกล่าวว่ามีทหารประมาณ 1,500 นาย", "th"),
            ("खुफिया एजेंसी ने कहा कि लगभग 1,500 सैनिक भेजे गए।", "hi"),
            (ENGLISH, "en"),
            ("Le ministère a dit que la loi est en vigueur pour les infirmières.", "fr"),
            (
                "Das Ministerium sagt, dass die Regierung nicht mit den Zahlen einverstanden ist.",
                "de",
            ),
            ("El ministerio dijo que la ley es para los enfermeros de la región.", "es"),
            ("Il ministero ha detto che la legge non è per gli infermieri della regione.", "it"),
            ("O ministério disse que a lei não é para os enfermeiros da região.", "pt"),
            ("Het ministerie zegt dat de wet niet voor de verpleegkundigen is.", "nl"),
            ("Depremde en az 2.314 kişi hayatını kaybetti, AFAD açıkladı.", "tr"),
            ("Ministerstwo podało, że w regionie zatrudniono 4200 pielęgniarek.", "pl"),
            ("Ministeriet uppgav att 4 200 sjuksköterskor anställdes förra året.", "sv"),
        ],
    )
    def test_language_of_a_sentence(self, text, language):
        assert detect_language(text) == language
        assert language in LANGUAGES

    def test_an_english_article_quoting_korean_names_is_english(self):
        text = ENGLISH + " The agency, 국가정보원, confirmed it in a statement on Friday."
        assert detect_language(text) == "en"

    def test_a_korean_article_citing_the_nis_is_korean(self):
        assert detect_language(KOREAN + " (NIS, Reuters)") == "ko"

    @pytest.mark.parametrize("text", ["", "NIS", "1,500 10,000", "   \n", "OK.", "x" * 50])
    def test_too_little_to_go_on_is_not_guessed(self, text):
        assert detect_language(text) == ""

    def test_a_tie_between_languages_is_not_guessed(self):
        # "de" and "la" are common in several languages and nothing else tells them apart.
        assert detect_language("de la") == ""

    def test_only_the_start_of_a_huge_text_is_read(self):
        assert detect_language(KOREAN * 1_000 + ENGLISH * 10_000) == "ko"


@pytest.mark.django_db
class TestStoredLanguage:
    def test_a_new_article_gets_the_detected_language(self, editor):
        article = article_create(actor=editor, title="파병", body=KOREAN)
        assert Article.objects.get(pk=article.pk).language == "ko"

    def test_a_language_given_wins_over_detection(self, editor):
        article = article_create(actor=editor, title="Mixed", body=KOREAN, language="en")
        assert Article.objects.get(pk=article.pk).language == "en"

    def test_changing_only_the_language_keeps_the_text(self, editor):
        article = ArticleFactory(body=ENGLISH, language="en")
        moved = article_update_text(article=article, actor=editor, body=ENGLISH, language="fr")
        article.refresh_from_db()
        assert (moved, article.language, article.body) == ([], "fr", ENGLISH)

    def test_a_text_edit_without_a_language_keeps_the_stored_one(self, editor):
        article = ArticleFactory(body=ENGLISH, language="en")
        article_update_text(article=article, actor=editor, body=KOREAN)
        article.refresh_from_db()
        assert (article.language, article.body) == ("en", KOREAN)


@pytest.mark.django_db
class TestLanguageOnPages:
    def test_the_new_article_form_detects_when_left_empty(self, client, editor):
        client.force_login(editor)
        client.post(reverse("claims:article_new"), {"title": "Report", "body": ARABIC})
        assert Article.objects.get().language == "ar"

    def test_the_new_article_form_takes_a_chosen_language(self, client, editor):
        client.force_login(editor)
        client.post(
            reverse("claims:article_new"), {"title": "Report", "body": ARABIC, "language": "fa"}
        )
        assert Article.objects.get().language == "fa"

    def test_an_unknown_language_is_refused_naming_the_field(self, client, editor):
        client.force_login(editor)
        response = client.post(
            reverse("claims:article_new"), {"title": "Report", "body": ARABIC, "language": "xx"}
        )
        assert "language" in response.context["form"].errors
        assert not Article.objects.exists()

    def test_the_text_form_changes_the_language(self, client, editor):
        article = ArticleFactory(body=ENGLISH, language="en")
        client.force_login(editor)
        url = reverse("claims:article_text_edit", args=[article.pk])
        client.post(url, {"body": ENGLISH, "language": "de"})
        article.refresh_from_db()
        assert article.language == "de"
        client.post(url, {"body": KOREAN, "language": ""})
        article.refresh_from_db()
        assert article.language == "ko"

    def test_article_text_and_quotes_carry_the_language(self, client, reviewer):
        from tests.factories import ClaimFactory

        article = ArticleFactory(body=ARABIC, language="ar")
        claim = ClaimFactory(article=article, quote=ARABIC[:20], start=0, end=20)
        client.force_login(reviewer)
        page = client.get(article.get_absolute_url()).content.decode()
        assert '<div class="article-text" lang="ar">' in page
        assert '<p dir="auto">' in page
        claim_page = client.get(claim.get_absolute_url()).content.decode()
        assert '<blockquote class="context" dir="auto" lang="ar"' in claim_page

    def test_an_article_of_unknown_language_has_no_lang(self, client, reviewer):
        article = ArticleFactory(body="1,500 10,000", language="")
        client.force_login(reviewer)
        page = client.get(article.get_absolute_url()).content.decode()
        assert '<div class="article-text">' in page
        assert 'lang=""' not in page


@pytest.mark.django_db
class TestLanguageInTheAdmin:
    def add(self, client, language):
        data = {"external_id": "a1", "title": "Report", "body": KOREAN, "language": language}
        return client.post(reverse("admin:claims_article_add"), data)

    def test_left_empty_it_is_detected(self, client, staff):
        client.force_login(staff)
        assert self.add(client, "").status_code == 302
        assert Article.objects.get().language == "ko"

    def test_an_admin_can_change_it(self, client, staff):
        client.force_login(staff)
        self.add(client, "")
        article = Article.objects.get()
        change = reverse("admin:claims_article_change", args=[article.pk])
        data = {"external_id": "a1", "title": "Report", "body": KOREAN, "language": "ja"}
        assert client.post(change, data).status_code == 302
        article.refresh_from_db()
        assert article.language == "ja"


@pytest.mark.django_db
def test_an_imported_article_gets_the_detected_language(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "claims.csv"
    path.write_text(
        "article_id,article_title,article_body,claim_id,text,quote\n"
        f'ko-1,파병,"{KOREAN}",c1,About 1500 soldiers were sent.,{KOREAN[:6]}\n',
        encoding="utf-8",
    )
    call_command("import_claims", str(path), stdout=StringIO())
    assert Article.objects.get(external_id="ko-1").language == "ko"
