using Pipeline.Core.Ingest;
using Pipeline.Ingest.Privacy;

namespace Pipeline.Tests.Ingest;

public class CustomerKeyHasherTests
{
    private static readonly byte[] Key = "0123456789abcdef0123456789abcdef"u8.ToArray();

    [Test]
    public void KeyFor_SameEmailDifferentCase_IsSameCustomer()
    {
        var hasher = new CustomerKeyHasher(Key);

        var a = hasher.KeyFor([new CustomerIdentifier("email", "CMinh730@Email.com ")]);
        var b = hasher.KeyFor([new CustomerIdentifier("email", "cminh730@email.com")]);

        Assert.That(a, Is.EqualTo(b).And.StartsWith("cust_"));
    }

    [Test]
    public void KeyFor_PhoneWrittenDifferently_IsSameCustomer()
    {
        var hasher = new CustomerKeyHasher(Key);

        Assert.That(hasher.KeyFor([new CustomerIdentifier("phone", "(977) 625-2661")]),
            Is.EqualTo(hasher.KeyFor([new CustomerIdentifier("phone", "+1 977 625 2661")])));
    }

    [TestCase("+44 20 7946 0958", "020 7946 0958")]
    [TestCase("+44 (0)20 7946 0958", "020-7946-0958")]
    [TestCase("+49 30 1234567", "030 1234567")]
    [TestCase("+33 1 23 45 67 89", "01 23 45 67 89")]
    [TestCase("+7 (495) 123-45-67", "8 (495) 123-45-67")]
    [TestCase("+1 (202) 555-0143", "202.555.0143")]
    public void KeyFor_OneNumberWithAndWithoutItsCountryCode_IsSameCustomer(string international, string national)
    {
        var hasher = new CustomerKeyHasher(Key);

        Assert.That(hasher.KeyFor([new CustomerIdentifier("phone", national)]), Is.EqualTo(hasher.KeyFor([new CustomerIdentifier("phone", international)])));
    }

    [TestCase("+44 20 7946 0958", "+49 30 1234567")]
    [TestCase("020 7946 0958", "030 7946 0958")]
    public void KeyFor_TwoNumbers_AreTwoCustomers(string a, string b)
    {
        var hasher = new CustomerKeyHasher(Key);

        Assert.That(hasher.KeyFor([new CustomerIdentifier("phone", a)]), Is.Not.EqualTo(hasher.KeyFor([new CustomerIdentifier("phone", b)])));
    }

    [Test]
    public void KeyFor_EmailAndPhone_EmailDecides()
    {
        var hasher = new CustomerKeyHasher(Key);

        var both = hasher.KeyFor([new CustomerIdentifier("phone", "555 123 4567"), new CustomerIdentifier("email", "a@example.com")]);

        Assert.That(both, Is.EqualTo(hasher.KeyFor([new CustomerIdentifier("email", "a@example.com")])));
    }

    [Test]
    public void HashAll_SeveralIdentifiers_StrongestFirstWithoutRepeats()
    {
        var hasher = new CustomerKeyHasher(Key);

        var hashes = hasher.HashAll([new CustomerIdentifier("phone", "555 123 4567"), new CustomerIdentifier("email", "a@example.com"), new CustomerIdentifier("phone", "(555) 123-4567")]);

        Assert.That(hashes.Select(h => h.Split(':')[0]), Is.EqualTo(new[] { "email", "phone" }));
        Assert.That(hashes, Has.None.Contains("555").And.None.Contains("example"));
        Assert.That(CustomerKeyHasher.KeyOf(hashes[0]), Is.EqualTo(hasher.KeyFor([new CustomerIdentifier("email", "a@example.com")])));
    }

    [Test]
    public void KeyFor_OtherKey_GivesOtherHash()
    {
        var identifier = new CustomerIdentifier("email", "a@example.com");

        Assert.That(new CustomerKeyHasher(Key).KeyFor([identifier]),
            Is.Not.EqualTo(new CustomerKeyHasher("another key of 32 bytes or more.."u8.ToArray()).KeyFor([identifier])));
    }

    [Test]
    public void KeyFor_NoIdentifiers_IsNull()
    {
        Assert.That(new CustomerKeyHasher(Key).KeyFor([]), Is.Null);
    }

    [Test]
    public void Load_NoKeyFile_CreatesOneAndReusesIt()
    {
        var file = Path.Combine(Support.TestPaths.NewScratch(), "pipeline.key");

        var first = CustomerKeySource.Load(null, file);
        var second = CustomerKeySource.Load(null, file);

        Assert.That(first.Created, Is.True);
        Assert.That(second.Created, Is.False);
        Assert.That(second.Key, Is.EqualTo(first.Key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public void Load_ShortConfiguredKey_ThrowsNamingTheKey()
    {
        Assert.That(() => CustomerKeySource.Load("short", "unused"), Throws.InvalidOperationException.With.Message.Contains("Privacy:CustomerKey"));
    }
}
