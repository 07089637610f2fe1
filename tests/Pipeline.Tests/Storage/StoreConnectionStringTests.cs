using Npgsql;
using Pipeline.Storage;
using Pipeline.Storage.Postgres;

namespace Pipeline.Tests.Storage;

public class StoreConnectionStringTests
{
    [TestCase("sqlite:pipeline.db", StoreEngine.Sqlite, "pipeline.db")]
    [TestCase("postgres:Host=127.0.0.1;Database=p", StoreEngine.Postgres, "Host=127.0.0.1;Database=p")]
    [TestCase("postgresql:Host=db", StoreEngine.Postgres, "Host=db")]
    public void Parse_KnownScheme_GivesEngineAndValue(string text, StoreEngine engine, string value)
    {
        Assert.That(StoreConnectionString.Parse(text), Is.EqualTo(new StoreConnectionString(engine, value)));
    }

    [TestCase("pipeline.db")]
    [TestCase("mysql:Server=x")]
    [TestCase("sqlite:")]
    public void Parse_Unknown_ThrowsWithExamples(string text)
    {
        Assert.That(() => StoreConnectionString.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("sqlite:PATH"));
    }

    [Test]
    public void Redacted_Password_IsHidden()
    {
        Assert.That(StoreConnectionString.Redacted("postgres:Host=db;Password=s3cret;Username=u"), Is.EqualTo("postgres:Host=db;Password=***;Username=u"));
    }

    [TestCase("Host=db;Database=p", PostgresInteractionStore.AutoPrepared)]
    [TestCase("Host=db;Database=p;Max Auto Prepare=0", 0)]
    [TestCase("Host=db;maxautoprepare=5", 5)]
    [TestCase("Host=db;MAX AUTO PREPARE=7;Database=p", 7)]
    public void WithDefaults_MaxAutoPrepare_IsTheStoresUnlessWritten(string connectionString, int expected)
    {
        var effective = new NpgsqlConnectionStringBuilder(PostgresInteractionStore.WithDefaults(connectionString));

        Assert.That(effective.MaxAutoPrepare, Is.EqualTo(expected));
        Assert.That(effective.Host, Is.EqualTo("db"));
    }

    [TestCase("Host=db;Database=p", PostgresInteractionStore.NoJit)]
    [TestCase("Host=db;Options=-c search_path=app", "-c search_path=app " + PostgresInteractionStore.NoJit)]
    [TestCase("Host=db;Options=-c jit=on", "-c jit=on")]
    [TestCase("Host=db;Options=-c search_path=app -cJIT=on", "-c search_path=app -cJIT=on")]
    [TestCase("Host=db;Options=--jit=on", "--jit=on")]
    [TestCase("Host=db;Options=", null)]
    [TestCase("Host=db; options = ;Database=p", null)]
    [TestCase("Host=db;Options=''", null)]
    public void WithDefaults_Options_TurnJitOffUnlessWrittenOrEmpty(string connectionString, string? expected)
    {
        var effective = new NpgsqlConnectionStringBuilder(PostgresInteractionStore.WithDefaults(connectionString));

        Assert.That(string.IsNullOrEmpty(effective.Options) ? null : effective.Options, Is.EqualTo(expected));
        Assert.That(effective.Host, Is.EqualTo("db"));
    }

    [TestCase("Host=127.0.0.1;Database=p", SslMode.Allow)]
    [TestCase("Host=localhost", SslMode.Allow)]
    [TestCase("Host=::1;Port=5433", SslMode.Allow)]
    [TestCase("Host=127.0.0.1:5433,[::1]:5434,LOCALHOST", SslMode.Allow)]
    [TestCase("Host=/var/run/postgresql", SslMode.Allow)]
    [TestCase("Host=db;Database=p", SslMode.Prefer)]
    [TestCase("Host=10.0.0.5", SslMode.Prefer)]
    [TestCase("Host=127.0.0.1,db.example.com", SslMode.Prefer)]
    [TestCase("Host=127.0.0.1;SSL Mode=Require", SslMode.Require)]
    [TestCase("Host=localhost;sslmode=prefer", SslMode.Prefer)]
    [TestCase("Host=db;SslMode=Disable", SslMode.Disable)]
    public void WithDefaults_SslMode_NoTlsOnThisMachineUnlessWritten(string connectionString, SslMode expected)
    {
        var effective = new NpgsqlConnectionStringBuilder(PostgresInteractionStore.WithDefaults(connectionString));

        Assert.That(effective.SslMode, Is.EqualTo(expected));
    }

    [Test]
    [NonParallelizable]
    public void WithDefaults_PgSslModeInTheEnvironment_IsLeftToNpgsql()
    {
        var before = Environment.GetEnvironmentVariable("PGSSLMODE");
        Environment.SetEnvironmentVariable("PGSSLMODE", "require");
        try
        {
            var written = new NpgsqlConnectionStringBuilder(PostgresInteractionStore.WithDefaults("Host=127.0.0.1;Database=p"));

            Assert.That(written.ToString(), Does.Not.Contain("SSL Mode").IgnoreCase);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGSSLMODE", before);
        }
    }
}
