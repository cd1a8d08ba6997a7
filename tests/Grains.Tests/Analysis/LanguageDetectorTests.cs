using SocialFlow.Grains.Analysis;

namespace SocialFlow.Grains.Tests.Analysis;

public sealed class LanguageDetectorTests
{
    private static readonly LanguageDetector Detector = new(ShippedTexts.LanguageProfiles());

    [Theory]
    [InlineData("en", "I watched the whole video twice and the ending was the best part of it")]
    [InlineData("en", "Thanks for sharing this recipe, my family loved it")]
    [InlineData("es", "Me encanta este video, la música es increíble y el final es muy bonito")]
    [InlineData("es", "Gracias por compartir la receta con nosotros, la haremos mañana")]
    [InlineData("fr", "J'adore cette vidéo, la musique est magnifique et la fin est très belle")]
    [InlineData("fr", "Merci pour le partage de cette recette, nous allons la faire demain")]
    [InlineData("de", "Ich liebe dieses Video, die Musik ist wunderbar und das Ende ist sehr schön")]
    [InlineData("de", "Danke für das Rezept, wir werden es morgen mit der ganzen Familie kochen")]
    [InlineData("pt", "Adorei este vídeo, a música é incrível e o final é muito bonito")]
    [InlineData("pt", "Obrigado por compartilhar a receita, vamos fazer amanhã com a família")]
    [InlineData("it", "Adoro questo video, la musica è bellissima e il finale è molto bello")]
    [InlineData("it", "Grazie per aver condiviso la ricetta, la faremo domani con tutta la famiglia")]
    public void Sentence_InOneOfTheSixLanguages_IsNamed(string expected, string text) =>
        Assert.Equal(expected, Detector.Detect(text));

    [Theory]
    [InlineData("ok")]
    [InlineData("lol 👍👍👍")]
    [InlineData("12345 67890 !!!")]
    [InlineData("Это очень хорошее видео, спасибо большое")]
    public void TooLittleLatinText_IsUndetermined(string text) =>
        Assert.Equal(LanguageDetector.Undetermined, Detector.Detect(text));
}
