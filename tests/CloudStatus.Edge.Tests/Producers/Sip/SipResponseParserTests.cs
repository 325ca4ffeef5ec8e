using System.Text;
using CloudStatus.Edge.Producers.Sip;

namespace CloudStatus.Edge.Tests.Producers.Sip;

public sealed class SipResponseParserTests
{
    private const string Ok =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport=5070, SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKother\r\n" +
        "From: <sip:cloudstatus@127.0.0.1:5070>;tag=1\r\n" +
        "To: <sip:dev-1@127.0.0.1:5060>;tag=2\r\n" +
        "Call-ID: c1@cloudstatus\r\n" +
        "CSeq: 7 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    [Fact]
    public void TryParse_WellFormedResponse_TakesStatusAndTopBranch()
    {
        Assert.True(SipResponseParser.TryParse(Encoding.UTF8.GetBytes(Ok), out var response));

        Assert.Equal(new SipResponse(200, "z9hG4bKabc", "c1@cloudstatus", 7, "OPTIONS"), response);
    }

    [Fact]
    public void TryParse_CompactHeaderNames_Understood()
    {
        var compact = "SIP/2.0 404 Not Found\r\nv: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKx\r\ni: abc\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n";

        Assert.True(SipResponseParser.TryParse(Encoding.UTF8.GetBytes(compact), out var response));

        Assert.Equal((404, "z9hG4bKx", "abc"), (response.StatusCode, response.Branch, response.CallId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n\r\n")] // a request
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n")] // no blank line
    [InlineData("SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n\r\n")]
    [InlineData("SIP/2.0 099 Low\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n\r\n")]
    [InlineData("SIP/1.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n\r\n")]
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\nCall-ID: a\r\nCSeq: 1 OPTIONS\r\n\r\n")] // no branch
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCSeq: 1 OPTIONS\r\n\r\n")] // no Call-ID
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCall-ID: b\r\nCSeq: 1 OPTIONS\r\n\r\n")]
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: x OPTIONS\r\n\r\n")]
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKa\r\nCall-ID: a\r\nCSeq: 1\r\n\r\n")]
    [InlineData("SIP/2.0 200 OK\r\nno colon here\r\n\r\n")]
    public void TryParse_Malformed_Refused(string text) =>
        Assert.False(SipResponseParser.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TryParse_InvalidUtf8OrRandomBytes_RefusedNeverThrows()
    {
        var random = new Random(17);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 40)
            {
                Encoding.UTF8.GetBytes(Ok[..30]).CopyTo(bytes, 0); // starts like a response, then noise
            }

            Assert.False(SipResponseParser.TryParse(bytes, out _));
        }
    }

    [Theory]
    [InlineData("sip:dev-1@127.0.0.1:5070", "dev-1", "127.0.0.1", 5070)]
    [InlineData("sip:127.0.0.1", null, "127.0.0.1", 5060)]
    [InlineData("sip:srv-01.dev-0001@[::1]:6000", "srv-01.dev-0001", "::1", 6000)]
    public void SipUri_TryParse_Valid(string text, string? user, string host, int port)
    {
        Assert.True(SipUri.TryParse(text, out var uri));
        Assert.Equal((user, host, port), (uri.User, uri.Host.ToString(), uri.Port));
    }

    [Theory]
    [InlineData("sips:a@127.0.0.1")]
    [InlineData("sip:a@phone.example")]
    [InlineData("sip:@127.0.0.1")]
    [InlineData("sip:a@127.0.0.1:0")]
    [InlineData("sip:a@127.0.0.1;transport=tcp")]
    [InlineData("sip:a@127.0.0.1:99999")]
    public void SipUri_TryParse_Invalid(string text) => Assert.False(SipUri.TryParse(text, out _));
}
