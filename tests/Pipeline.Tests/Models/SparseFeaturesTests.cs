using Pipeline.Models.Sentiment;

namespace Pipeline.Tests.Models;

/// <summary>The featuriser's sparse vector: slots in first-seen order, values summed per slot, across its table's growth and clearing.</summary>
public class SparseFeaturesTests
{
    [TestCase(1)]
    [TestCase(127)]
    [TestCase(128)]
    [TestCase(5_000)]
    public void Add_RepeatedSlots_SumsPerSlotInFirstSeenOrder(int distinct)
    {
        var features = new SparseFeatures();
        var random = new Random(distinct);

        // Two sentences on the same buffer: the first (larger) grows the table, the second must start clean.
        for (var sentence = 0; sentence < 2; sentence++)
        {
            features.Clear();
            var slots = Enumerable.Range(0, distinct).Select(_ => random.Next(0, 2_000_000)).Distinct().ToList();
            var expected = new Dictionary<int, float>();
            var order = new List<int>();
            for (var round = 0; round < 3; round++)
            {
                foreach (var slot in slots.Take(slots.Count >> sentence))
                {
                    if (expected.TryAdd(slot, 0))
                    {
                        order.Add(slot);
                    }

                    expected[slot] += round + 1;
                    features.Add(slot, round + 1, idf: slot / 7.0);
                }
            }

            Assert.That(features.Slots.Take(features.Count), Is.EqualTo(order));
            Assert.That(features.Values.Take(features.Count), Is.EqualTo(order.Select(s => expected[s])));
            Assert.That(features.Idf.Take(features.Count), Is.EqualTo(order.Select(s => s / 7.0)));
        }
    }
}
