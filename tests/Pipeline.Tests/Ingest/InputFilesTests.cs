using Pipeline.Ingest;

namespace Pipeline.Tests.Ingest;

public class InputFilesTests
{
    [TestCase("complaints.csv", null)]
    [TestCase("mail/one.eml", null)]
    [TestCase("a..b/c.csv", null)]
    [TestCase("../escaped.eml", "climbs out of the archive")]
    [TestCase("mail/../../escaped.eml", "climbs out of the archive")]
    [TestCase("mail\\..\\..\\escaped.eml", "climbs out of the archive")]
    [TestCase("/etc/passwd", "is an absolute path")]
    [TestCase("C:/Windows/x.csv", "is an absolute path")]
    public void UnsafeMemberName_Name_SaysWhyItIsRefused(string name, string? expected)
    {
        var reason = InputFiles.UnsafeMemberName(name);

        if (expected is null)
        {
            Assert.That(reason, Is.Null);
        }
        else
        {
            Assert.That(reason, Does.Contain(expected).And.Contain(name));
        }
    }
}
