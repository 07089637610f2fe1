using Pipeline.Core.Storage;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

public class SqliteStoreTests : InteractionStoreContract
{
    protected override Task<IInteractionStore> OpenStoreAsync() =>
        StoreFactory.OpenAsync("sqlite:" + Path.Combine(TestPaths.NewScratch("sqlite"), "store.db"), CancellationToken.None);
}
