using Pipeline.Storage;

namespace Pipeline.Tests.Storage;

public class MigrationCheckTests
{
    [TestCase("CREATE TABLE t (x int);\nCREATE INDEX i ON t (x);\n", "CREATE TABLE t (x int);\r\nCREATE INDEX i ON t (x);\r\n", true)]
    [TestCase("CREATE TABLE t (x int);\n", "CREATE TABLE t (x bigint);\n", false)]
    [TestCase("CREATE TABLE t (x int);\n", "CREATE TABLE t (x int); \n", false)]
    public void Checksum_TwoScripts_AreEqualOnlyWhenTheyDifferInLineEndingsAtMost(string a, string b, bool equal)
    {
        Assert.That(MigrationCheck.Checksum(a) == MigrationCheck.Checksum(b), Is.EqualTo(equal));
        Assert.That(MigrationCheck.Checksum(a), Does.Match("^[0-9a-f]{64}$"));
    }
}
