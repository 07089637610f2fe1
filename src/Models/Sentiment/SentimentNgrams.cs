using System.Text;

namespace Pipeline.Models.Sentiment;

/// <summary>
/// The word uni- and bigram half of the sentiment features (TF-IDF, L2-normalised), computed directly: the same
/// numbers ML.NET's <c>FeaturizeText</c> gives in the trained pipeline (<see cref="SentimentPipeline"/>), in the
/// same slots, without its per-batch data views. Built at training from the training sentences (their document
/// frequencies give the IDF, log(documents / documents with the n-gram), as ML.NET computes it) and the slot names
/// of the fitted model; saved beside model.zip as <see cref="FileName"/>. <see cref="SentimentWeights"/> applies the
/// classifier's weights to what this makes; tests and every training check that it agrees with ML.NET.
/// </summary>
public sealed class SentimentNgrams
{
    public const string FileName = "ngrams.bin";

    private const string Magic = "pipeline-sentiment-ngrams-1";

    private const long NoPair = -1;

    private readonly TermTable _terms;
    private readonly string[] _termNames;
    private readonly int[] _unigramSlot;

    /// <summary>Each slot's word pair (<see cref="Pair"/>), or <see cref="NoPair"/> for a word's slot.</summary>
    private readonly long[] _pairOfSlot;
    private readonly PairTable _bigrams;
    private readonly double[] _idf;

    private SentimentNgrams(string[] termNames, int[] unigramSlot, long[] pairOfSlot, double[] idf)
    {
        _termNames = termNames;
        _unigramSlot = unigramSlot;
        _pairOfSlot = pairOfSlot;
        _idf = idf;
        _terms = new TermTable(termNames, unigramSlot, idf);
        _bigrams = new PairTable(pairOfSlot, idf);
    }

    /// <summary>How many n-gram slots (the length of the text half of the feature vector).</summary>
    public int SlotCount => _idf.Length;

    /// <summary>
    /// Counts the training sentences' words and word pairs and places each in the slot the fitted model gave it
    /// (<paramref name="slotNames"/>: "word" or "word|next"). <paramref name="slotOfText"/> settles the rare name
    /// that could be either (a word that itself holds "|"): it returns the slots a one-word text lights.
    /// </summary>
    public static SentimentNgrams Build(IReadOnlyList<string> trainingTexts, IReadOnlyList<string> slotNames, Func<string, IReadOnlyList<int>> slotOfText)
    {
        var terms = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        var names = new List<string>();
        var unigramDocs = new List<int>();
        var bigramDocs = new Dictionary<long, int>(PairComparer.Instance);
        var tokenizer = new SentimentTokenizer();
        var ids = new List<int>();
        var seenUnigrams = new HashSet<int>();
        var seenBigrams = new HashSet<long>(PairComparer.Instance);
        foreach (var text in trainingTexts)
        {
            tokenizer.Tokenize(text);
            ids.Clear();
            seenUnigrams.Clear();
            seenBigrams.Clear();
            for (var w = 0; w < tokenizer.Count; w++)
            {
                var word = tokenizer[w];
                if (!lookup.TryGetValue(word, out var id))
                {
                    id = names.Count;
                    var name = word.ToString();
                    terms[name] = id;
                    names.Add(name);
                    unigramDocs.Add(0);
                }

                ids.Add(id);
                if (seenUnigrams.Add(id))
                {
                    unigramDocs[id]++;
                }

                if (w > 0 && seenBigrams.Add(Pair(ids[w - 1], id)))
                {
                    bigramDocs[Pair(ids[w - 1], id)] = bigramDocs.GetValueOrDefault(Pair(ids[w - 1], id)) + 1;
                }
            }
        }

        var documents = (double)trainingTexts.Count;
        var unigramSlot = new int[names.Count];
        Array.Fill(unigramSlot, -1);
        var pairOfSlot = new long[slotNames.Count];
        Array.Fill(pairOfSlot, NoPair);
        var placedPairs = 0;
        var idf = new double[slotNames.Count];
        var ambiguous = new List<(int Slot, string Name)>();
        for (var slot = 0; slot < slotNames.Count; slot++)
        {
            var name = slotNames[slot];
            var candidates = Candidates(name, terms, bigramDocs);
            if (candidates.Count == 0)
            {
                throw new InvalidDataException($"The sentiment model's feature '{name}' (slot {slot}) is no word or word pair of its training sentences: the featuriser and the model disagree.");
            }

            if (candidates.Count > 1)
            {
                ambiguous.Add((slot, name));
                continue;
            }

            Place(candidates[0], slot);
        }

        // A name that is both a word holding "|" and a pair of words: the one-word text lights the word's slot.
        foreach (var group in ambiguous.GroupBy(a => a.Name, StringComparer.Ordinal))
        {
            var lit = slotOfText(group.Key);
            var candidates = Candidates(group.Key, terms, bigramDocs);
            foreach (var (slot, _) in group)
            {
                var unigram = candidates.First(c => c.Second < 0);
                var pairs = candidates.Where(c => c.Second >= 0).ToList();
                if (lit.Contains(slot))
                {
                    Place(unigram, slot);
                }
                else if (pairs.Count == 1)
                {
                    Place(pairs[0], slot);
                }
                else
                {
                    throw new InvalidDataException($"The sentiment model's feature '{group.Key}' is several word pairs; the featuriser cannot tell which slot is which.");
                }
            }
        }

        for (var id = 0; id < unigramSlot.Length; id++)
        {
            if (unigramSlot[id] < 0)
            {
                throw new InvalidDataException($"The training word '{names[id]}' has no slot in the sentiment model: the featuriser and the model disagree.");
            }
        }

        if (placedPairs != bigramDocs.Count)
        {
            throw new InvalidDataException($"The training sentences hold {bigramDocs.Count} word pairs, the sentiment model {placedPairs}: the featuriser and the model disagree.");
        }

        return new SentimentNgrams([.. names], unigramSlot, pairOfSlot, idf);

        void Place((int First, int Second) gram, int slot)
        {
            if (gram.Second < 0)
            {
                unigramSlot[gram.First] = slot;
                idf[slot] = Idf(documents, unigramDocs[gram.First]);
            }
            else
            {
                var key = Pair(gram.First, gram.Second);
                pairOfSlot[slot] = key;
                placedPairs++;
                idf[slot] = Idf(documents, bigramDocs[key]);
            }
        }
    }

    /// <summary>
    /// The sentence's n-gram features into <paramref name="features"/> (cleared first): term frequency × IDF,
    /// L2-normalised. <paramref name="tokenizer"/> and <paramref name="features"/> are the caller's reused buffers.
    /// </summary>
    public void Featurize(ReadOnlySpan<char> text, SentimentTokenizer tokenizer, SparseFeatures features)
    {
        features.Clear();
        tokenizer.Tokenize(text);
        var count = tokenizer.Count;
        var words = features.WordScratch(count);

        // A sentence is read in passes whose loads are independent of one another, so that the processor fetches them
        // from memory side by side instead of one cache miss after another: the words' entries, then the characters of
        // the entry each word's hash found, then the pairs' entries (a pair's key needs both words' ids).
        var touched = 0;
        for (var w = 0; w < count; w++)
        {
            words[w].Hash = TermTable.Hash(tokenizer[w]);
            touched += _terms.Touch(words[w].Hash);
        }

        for (var w = 0; w < count; w++)
        {
            words[w].Probe = _terms.Candidate(words[w].Hash, tokenizer[w].Length);
            touched += _terms.TouchCharacters(words[w].Probe);
        }

        var previous = -1;
        for (var w = 0; w < count; w++)
        {
            ref var word = ref words[w];
            word.Id = _terms.Find(tokenizer[w], word.Hash, word.Probe, out word.Slot, out word.Idf);
            if (word.Id >= 0 && previous >= 0)
            {
                touched += _bigrams.Touch(Pair(previous, word.Id));
            }

            previous = word.Id;
        }

        previous = -1;
        for (var w = 0; w < count; w++)
        {
            ref readonly var word = ref words[w];
            if (word.Id >= 0)
            {
                features.Add(word.Slot, 1, word.Idf);
                if (previous >= 0 && _bigrams.Find(Pair(previous, word.Id), out var idf) is var pair and >= 0)
                {
                    features.Add(pair, 1, idf);
                }
            }

            previous = word.Id;
        }

        features.Touched = touched;

        double norm = 0;
        for (var i = 0; i < features.Count; i++)
        {
            var value = (float)(features.Values[i] * features.Idf[i]);
            features.Values[i] = value;
            norm += (double)value * value;
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < features.Count; i++)
            {
                features.Values[i] *= scale;
            }
        }
    }

    /// <summary>The slot names this featuriser fills, as the fitted model names them ("word", "word|next").</summary>
    public string[] SlotNames()
    {
        var names = new string[SlotCount];
        for (var id = 0; id < _unigramSlot.Length; id++)
        {
            names[_unigramSlot[id]] = _termNames[id];
        }

        for (var slot = 0; slot < _pairOfSlot.Length; slot++)
        {
            if (_pairOfSlot[slot] is var key and not NoPair)
            {
                names[slot] = _termNames[(int)(key >> 32)] + "|" + _termNames[(int)(key & 0xFFFFFFFF)];
            }
        }

        return names;
    }

    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(_termNames.Length);
        foreach (var term in _termNames)
        {
            writer.Write(term);
        }

        writer.Write(_idf.Length);
        for (var id = 0; id < _unigramSlot.Length; id++)
        {
            writer.Write(_unigramSlot[id]);
        }

        writer.Write(_bigrams.Count);
        for (var slot = 0; slot < _pairOfSlot.Length; slot++)
        {
            if (_pairOfSlot[slot] != NoPair)
            {
                writer.Write(_pairOfSlot[slot]);
                writer.Write(slot);
            }
        }

        foreach (var value in _idf)
        {
            writer.Write(value);
        }
    }

    public static SentimentNgrams Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist: the sentiment model was made by an earlier pipeline; train it again (`train sentiment`).", path);
        }

        // The file (BinaryWriter's format, see Save) is read whole and parsed from memory: scoring starts once it is loaded.
        var file = new FileReader(File.ReadAllBytes(path), path);
        if (file.String() != Magic)
        {
            throw new InvalidDataException($"'{path}' is not a sentiment n-gram file of this pipeline; train the model again.");
        }

        var names = new string[file.Int32()];
        for (var t = 0; t < names.Length; t++)
        {
            names[t] = file.String();
        }

        var idf = new double[file.Int32()];
        var unigramSlot = new int[names.Length];
        file.Copy<int>(unigramSlot);

        var pairs = file.Int32();
        var pairOfSlot = new long[idf.Length];
        Array.Fill(pairOfSlot, NoPair);
        for (var p = 0; p < pairs; p++)
        {
            var key = file.Int64();
            var slot = file.Int32();
            if ((uint)slot >= (uint)pairOfSlot.Length)
            {
                throw new InvalidDataException($"'{path}' names slot {slot} of {pairOfSlot.Length}; train the sentiment model again.");
            }

            pairOfSlot[slot] = key;
        }

        file.Copy<double>(idf);
        return new SentimentNgrams(names, unigramSlot, pairOfSlot, idf);
    }

    /// <summary>Reads what a little-endian <see cref="BinaryWriter"/> wrote, from memory; a file cut short says so.</summary>
    private ref struct FileReader(byte[] bytes, string path)
    {
        private int _at;

        public string String()
        {
            // BinaryWriter's length prefix: seven bits a byte, the high bit saying another byte follows.
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = Take(1)[0];
                length |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }

                if (shift >= 28)
                {
                    throw new InvalidDataException($"'{path}' holds a string of an impossible length; train the sentiment model again.");
                }
            }

            return Encoding.UTF8.GetString(Take(length));
        }

        public int Int32() => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

        public long Int64() => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

        /// <summary>Fills <paramref name="values"/> from as many values written one after the other (this machine is little-endian, as .NET's BinaryWriter).</summary>
        public void Copy<T>(T[] values)
            where T : unmanaged
        {
            Take(values.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > bytes.Length - _at)
            {
                throw new InvalidDataException($"'{path}' is cut short; train the sentiment model again.");
            }

            var span = bytes.AsSpan(_at, count);
            _at += count;
            return span;
        }
    }

    private static List<(int First, int Second)> Candidates(string name, Dictionary<string, int> terms, Dictionary<long, int> bigramDocs)
    {
        var candidates = new List<(int, int)>(1);
        if (terms.TryGetValue(name, out var unigram))
        {
            candidates.Add((unigram, -1));
        }

        for (var bar = name.IndexOf('|', StringComparison.Ordinal); bar >= 0; bar = name.IndexOf('|', bar + 1))
        {
            if (terms.TryGetValue(name[..bar], out var first) && terms.TryGetValue(name[(bar + 1)..], out var second) && bigramDocs.ContainsKey(Pair(first, second)))
            {
                candidates.Add((first, second));
            }
        }

        return candidates;
    }

    private static double Idf(double documents, int withGram) => Math.Log(documents / withGram);

    private static long Pair(int first, int second) => ((long)first << 32) | (uint)second;

    /// <summary>
    /// Word pair → slot for the hot path: open addressing with linear probing over plain arrays (a third of the time of
    /// a <see cref="Dictionary{TKey,TValue}"/> with a custom comparer, measured on the sample narratives).
    /// </summary>
    private sealed class PairTable
    {
        private const long Empty = NoPair;

        // Key and slot side by side: a probe that hits reads one cache line.
        private readonly Entry[] _entries;
        private readonly int _shift;

        /// <param name="pairOfSlot">Each slot's pair, or <see cref="NoPair"/>.</param>
        /// <param name="idf">Each slot's IDF, kept beside its key.</param>
        public PairTable(long[] pairOfSlot, double[] idf)
        {
            Count = pairOfSlot.Count(p => p != NoPair);
            var bits = 4;
            while ((1L << bits) < Count * 2L)
            {
                bits++;
            }

            _entries = new Entry[1 << bits];
            _shift = 64 - bits;
            Array.Fill(_entries, new Entry(Empty, -1, 0));
            for (var slot = 0; slot < pairOfSlot.Length; slot++)
            {
                var key = pairOfSlot[slot];
                if (key == NoPair)
                {
                    continue;
                }

                var at = Home(key);
                while (_entries[at].Key != Empty)
                {
                    at = (at + 1) & (_entries.Length - 1);
                }

                _entries[at] = new Entry(key, slot, idf[slot]);
            }
        }

        public int Count { get; }

        /// <summary>Reads the home entry of a pair (to have it in cache when <see cref="Find"/> comes).</summary>
        public int Touch(long key) => _entries[Home(key)].Slot;

        /// <summary>The pair's slot and its IDF, or -1.</summary>
        public int Find(long key, out double idf)
        {
            for (var at = Home(key); ; at = (at + 1) & (_entries.Length - 1))
            {
                ref readonly var found = ref _entries[at];
                if (found.Key == key || found.Key == Empty)
                {
                    idf = found.Idf;
                    return found.Slot;
                }
            }
        }

        private int Home(long key) => (int)((ulong)(key * -7046029254386353131L) >> _shift);

        private readonly record struct Entry(long Key, int Slot, double Idf);
    }

    /// <summary>
    /// Word → (id, slot, IDF) for the hot path: open addressing over one array of entries whose words are spans of one
    /// character pool, with the hash and length in the entry so that a probe reads characters only of a likely match.
    /// A dictionary of strings and separate slot and IDF arrays cost four cache misses a word in a vocabulary of a
    /// million n-grams.
    /// </summary>
    private sealed class TermTable
    {
        private readonly Entry[] _entries;
        private readonly char[] _chars;
        private readonly int _mask;

        public TermTable(string[] terms, int[] unigramSlot, double[] idf)
        {
            var size = 16;
            while (size < terms.Length * 2L)
            {
                size *= 2;
            }

            _entries = new Entry[size];
            _mask = size - 1;
            Array.Fill(_entries, new Entry(0, 0, 0, -1, -1, 0));
            _chars = new char[terms.Sum(t => (long)t.Length)];
            var at = 0;
            for (var id = 0; id < terms.Length; id++)
            {
                var term = terms[id];
                term.CopyTo(_chars.AsSpan(at));
                var hash = Hash(term);
                var probe = (int)hash & _mask;
                while (_entries[probe].Id >= 0)
                {
                    probe = (probe + 1) & _mask;
                }

                var slot = unigramSlot[id];
                _entries[probe] = new Entry(hash, at, term.Length, id, slot, slot >= 0 ? idf[slot] : 0);
                at += term.Length;
            }
        }

        /// <summary>Reads the home entry of a hash (to have it in cache for <see cref="Candidate"/>).</summary>
        public int Touch(uint hash) => _entries[(int)hash & _mask].Length;

        /// <summary>The first entry from a hash's home with that hash and length (or the empty entry that ends the probe).</summary>
        public int Candidate(uint hash, int length)
        {
            for (var probe = (int)hash & _mask; ; probe = (probe + 1) & _mask)
            {
                ref readonly var entry = ref _entries[probe];
                if (entry.Id < 0 || (entry.Hash == hash && entry.Length == length))
                {
                    return probe;
                }
            }
        }

        /// <summary>Reads the first character of a candidate's word (to have it in cache for <see cref="Find"/>).</summary>
        public int TouchCharacters(int probe) => _entries[probe] is { Id: >= 0 } entry ? _chars[entry.Start] : 0;

        /// <summary>
        /// The word's id, slot and IDF; -1 when it is not in the vocabulary. <paramref name="hash"/> is its <see cref="Hash"/>,
        /// <paramref name="probe"/> its <see cref="Candidate"/>, where the search goes on from.
        /// </summary>
        public int Find(ReadOnlySpan<char> word, uint hash, int probe, out int slot, out double idf)
        {
            for (; ; probe = (probe + 1) & _mask)
            {
                ref readonly var entry = ref _entries[probe];
                if (entry.Id < 0)
                {
                    slot = -1;
                    idf = 0;
                    return -1;
                }

                if (entry.Hash == hash && entry.Length == word.Length && word.SequenceEqual(_chars.AsSpan(entry.Start, entry.Length)))
                {
                    slot = entry.Slot;
                    idf = entry.Idf;
                    return entry.Id;
                }
            }
        }

        /// <summary>FNV-1a over the UTF-16 units, then a multiply that spreads the low bits the table indexes by.</summary>
        public static uint Hash(ReadOnlySpan<char> word)
        {
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (hash ^ (hash >> 15)) * 0x2C1B3C6Du;
        }

        private readonly record struct Entry(uint Hash, int Start, int Length, int Id, int Slot, double Idf);
    }

    /// <summary>A word pair's hash that mixes both halves (<c>long.GetHashCode</c> is first ^ second: word ids are small, so pairs collide in droves).</summary>
    private sealed class PairComparer : IEqualityComparer<long>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long pair) => (int)((ulong)(pair * -7046029254386353131L) >> 32);
    }
}

/// <summary>
/// A sparse feature vector being built: slots in first-seen order, values added per slot, and each slot's IDF as the
/// featuriser found it. Which slots are present is kept in a small open-addressing table sized to the sentence, not in
/// an array over the whole feature space (a cache miss per word in a space of a million slots). Reused per sentence.
/// </summary>
public sealed class SparseFeatures
{
    // Index + 1 into Slots of the slot hashed there (0: empty); _used holds each slot's place in it, to clear it.
    private int[] _table = new int[256];
    private int _shift = 32 - 8;
    private int[] _used = new int[64];
    private WordLookup[] _words = new WordLookup[64];

    public int[] Slots { get; private set; } = new int[64];

    public float[] Values { get; private set; } = new float[64];

    /// <summary>Each slot's IDF (as given to <see cref="Add(int, float, double)"/>).</summary>
    public double[] Idf { get; private set; } = new double[64];

    public int Count { get; private set; }

    /// <summary>What the featuriser's advance reads of the last sentence summed (kept so that they are not optimised away).</summary>
    public int Touched { get; set; }

    public void Clear()
    {
        for (var i = 0; i < Count; i++)
        {
            _table[_used[i]] = 0;
        }

        Count = 0;
    }

    public void Add(int slot, float value, double idf = 0)
    {
        var mask = _table.Length - 1;
        var probe = Home(slot);
        while (_table[probe] is var held and not 0)
        {
            if (Slots[held - 1] == slot)
            {
                Values[held - 1] += value;
                return;
            }

            probe = (probe + 1) & mask;
        }

        if (Count == Slots.Length)
        {
            Slots = [.. Slots, .. new int[Count]];
            Values = [.. Values, .. new float[Count]];
            Idf = [.. Idf, .. new double[Count]];
            _used = [.. _used, .. new int[Count]];
        }

        _table[probe] = Count + 1;
        _used[Count] = probe;
        Slots[Count] = slot;
        Values[Count] = value;
        Idf[Count] = idf;
        Count++;
        if (Count * 2 > _table.Length)
        {
            Grow();
        }
    }

    /// <summary>The featuriser's per-word scratch for a sentence of <paramref name="count"/> words.</summary>
    internal Span<WordLookup> WordScratch(int count)
    {
        if (_words.Length < count)
        {
            _words = new WordLookup[Math.Max(count, _words.Length * 2)];
        }

        return _words.AsSpan(0, count);
    }

    private void Grow()
    {
        _table = new int[_table.Length * 2];
        _shift--;
        var mask = _table.Length - 1;
        for (var i = 0; i < Count; i++)
        {
            var probe = Home(Slots[i]);
            while (_table[probe] != 0)
            {
                probe = (probe + 1) & mask;
            }

            _table[probe] = i + 1;
            _used[i] = probe;
        }
    }

    private int Home(int slot) => (int)(((uint)slot * 2654435769u) >> _shift);
}

/// <summary>One word of a sentence being featurised: its hash and candidate entry, then its vocabulary id (-1: unknown), slot and IDF.</summary>
internal struct WordLookup
{
    public uint Hash;
    public int Probe;
    public int Id;
    public int Slot;
    public double Idf;
}
