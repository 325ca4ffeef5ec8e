using System.Text;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Tests.Support;

namespace CloudStatus.Functions.Tests.Api;

public sealed class CsvTests
{
    [Fact]
    public void AppendRecord_PlainFields_AreWrittenAsIsWithCrlf()
    {
        var text = new StringBuilder();

        Csv.AppendRecord(text, "a", "b c", null, "", "d");

        Assert.Equal("a,b c,,,d\r\n", text.ToString());
    }

    [Theory]
    [InlineData("x,y", "\"x,y\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("{\"a\":1,\"b\":[2,3]}", "\"{\"\"a\"\":1,\"\"b\"\":[2,3]}\"")]
    public void AppendRecord_FieldNeedingQuotes_IsQuotedWithQuotesDoubled(string field, string expected)
    {
        var text = new StringBuilder();

        Csv.AppendRecord(text, field, "z");

        Assert.Equal(expected + ",z\r\n", text.ToString());
    }

    [Fact]
    public void AppendRecord_AnyFields_ReadBackUnchangedByAnRfc4180Reader()
    {
        string[][] records =
        [
            ["id", "note"],
            ["1", "plain"],
            ["2", "comma, \"quote\" and\r\nCRLF"],
            ["3", ""],
        ];
        var text = new StringBuilder();
        foreach (var record in records)
        {
            Csv.AppendRecord(text, record);
        }

        Assert.Equal(records, CsvText.Parse(text.ToString()));
    }
}
