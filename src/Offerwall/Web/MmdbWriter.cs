using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Offerwall.Web;

/// <summary>
/// Writes MaxMind DB files, format 2.0 (https://maxmind.github.io/MaxMind-DB/), which no .NET library writes: enough
/// for country databases, the tests' fixtures and the demo's. The search tree is IPv6 (ip_version 6) with IPv4 networks
/// at ::/96, and ::ffff:0:0/96 aliased to them as MaxMind's own databases do (<see cref="AliasIPv4Mapped"/>), or IPv4
/// only (<see cref="IPVersion"/> 4); the record size is the smallest of 24, 28 and 32 bits that fits (or
/// <see cref="RecordSize"/>); each distinct record is stored once. Records are maps, arrays, strings, booleans and
/// numbers (see <see cref="Add"/>). A more specific network wins over a broader one in whatever order they were added;
/// the same network added twice keeps the later record. The tree is not compacted (sibling networks with the same
/// record stay two), which only costs size.
/// </summary>
public sealed class MmdbWriter(string databaseType)
{
    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];
    private const int DataSectionSeparator = 16;

    private readonly List<(UInt128 Bits, int Prefix, int Record)> _networks = [];
    private readonly List<byte[]> _records = [];
    private readonly Dictionary<byte[], int> _recordIndex = new(BytesComparer.Instance);

    /// <summary>The metadata's database_type, e.g. "Offerwall-Demo-Country" (GeoIP2's typed reader wants "Country" in it).</summary>
    public string DatabaseType { get; } = databaseType;

    /// <summary>The metadata's description: language code → text.</summary>
    public IReadOnlyDictionary<string, string> Description { get; init; } = new Dictionary<string, string> { ["en"] = databaseType };

    /// <summary>The metadata's languages: those the records' "names" maps hold.</summary>
    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    /// <summary>The metadata's build_epoch.</summary>
    public DateTimeOffset BuildTime { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>24, 28 or 32 to force a record size (it must fit); null for the smallest that fits.</summary>
    public int? RecordSize { get; init; }

    /// <summary>Whether ::ffff:0:0/96 (IPv4-mapped IPv6) leads to the IPv4 networks, as in MaxMind's databases. On by default.</summary>
    public bool AliasIPv4Mapped { get; init; } = true;

    /// <summary>6 (the default): an IPv6 tree holding IPv4 too; 4: an IPv4 tree, to which only IPv4 networks can be added.</summary>
    public int IPVersion
    {
        get;
        init => field = value is 4 or 6 ? value : throw new ArgumentOutOfRangeException(nameof(value), "ip_version is 4 or 6.");
    } = 6;

    /// <summary>The networks added so far.</summary>
    public int Count => _networks.Count;

    /// <summary>
    /// Maps <paramref name="network"/> to <paramref name="record"/>: a map (any <see cref="IDictionary"/> with string keys),
    /// a list (any other <see cref="IEnumerable"/>), a string, bool, ushort (uint16), uint (uint32), int (int32), ulong
    /// (uint64), <see cref="UInt128"/> (uint128), double, float or byte[] (bytes), nested as deep as needed. An IPv4-mapped
    /// network (::ffff:a.b.c.d/96 and longer) is the IPv4 network it maps.
    /// </summary>
    public MmdbWriter Add(IPNetwork network, object record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var address = network.BaseAddress;
        var prefix = network.PrefixLength;
        var bytes = address.GetAddressBytes();
        // Kept as IPv6: an IPv4 network at ::/96.
        UInt128 bits;
        var ipv4 = true;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bits = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            prefix += 96;
        }
        else
        {
            bits = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            if (address.IsIPv4MappedToIPv6 && prefix >= 96) bits &= uint.MaxValue;
            else ipv4 = false;
        }
        if (IPVersion == 4 && !ipv4) throw new ArgumentException($"{network} is not an IPv4 network: this database is IPv4 only.", nameof(network));
        bits &= Mask(prefix);

        var buffer = new MemoryStream();
        Encode(buffer, record);
        var encoded = buffer.ToArray();
        if (!_recordIndex.TryGetValue(encoded, out var index))
        {
            index = _records.Count;
            _records.Add(encoded);
            _recordIndex.Add(encoded, index);
        }
        _networks.Add((bits, prefix, index));
        return this;
    }

    /// <summary>A GeoIP2-shaped country record: country.iso_code and, when given, registered_country.iso_code (either may be null).</summary>
    public static Dictionary<string, object> CountryRecord(string? country, string? registeredCountry = null)
    {
        var record = new Dictionary<string, object>();
        if (country is not null) record["country"] = new Dictionary<string, object> { ["iso_code"] = country };
        if (registeredCountry is not null) record["registered_country"] = new Dictionary<string, object> { ["iso_code"] = registeredCountry };
        return record;
    }

    /// <summary>Writes the file to <paramref name="path"/> through a temporary file beside it, so a reader never sees half of it.</summary>
    public void Write(string path)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write)) Write(file);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the database: search tree, data section, metadata.</summary>
    public void Write(Stream output)
    {
        var root = BuildTree();
        var nodes = Number(root);
        var nodeCount = nodes.Count;

        var offsets = new long[_records.Count];
        long dataSize = 0;
        for (var i = 0; i < _records.Count; i++)
        {
            offsets[i] = dataSize;
            dataSize += _records[i].Length;
        }
        var largest = nodeCount + DataSectionSeparator + (_records.Count == 0 ? 0 : offsets[^1]);
        var recordSize = RecordSize ?? (largest < 1L << 24 ? 24 : largest < 1L << 28 ? 28 : 32);
        if (recordSize is not (24 or 28 or 32)) throw new InvalidOperationException($"Record size {recordSize}: must be 24, 28 or 32.");
        if (largest >= 1L << recordSize) throw new InvalidOperationException($"The database does not fit records of {recordSize} bits.");

        long Value(object? child) => child switch
        {
            Node n => n.Id,
            Data d => nodeCount + DataSectionSeparator + offsets[d.Record],
            _ => nodeCount,
        };

        var nodeSize = recordSize / 4;
        var node = new byte[nodeSize];
        foreach (var n in nodes)
        {
            var left = (uint)Value(n.Left);
            var right = (uint)Value(n.Right);
            switch (recordSize)
            {
                case 24:
                    WriteUInt24(node, 0, left);
                    WriteUInt24(node, 3, right);
                    break;
                case 28:
                    WriteUInt24(node, 0, left);
                    node[3] = (byte)(((left >> 24) & 0x0F) << 4 | ((right >> 24) & 0x0F));
                    WriteUInt24(node, 4, right);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32BigEndian(node, left);
                    BinaryPrimitives.WriteUInt32BigEndian(node.AsSpan(4), right);
                    break;
            }
            output.Write(node);
        }
        output.Write(new byte[DataSectionSeparator]);
        foreach (var record in _records) output.Write(record);

        output.Write(MetadataMarker);
        var metadata = new MemoryStream();
        Encode(metadata, new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = (ulong)BuildTime.ToUnixTimeSeconds(),
            ["database_type"] = DatabaseType,
            ["description"] = Description.ToDictionary(d => d.Key, d => (object)d.Value),
            ["ip_version"] = (ushort)IPVersion,
            ["languages"] = Languages.ToArray(),
            ["node_count"] = (uint)nodeCount,
            ["record_size"] = (ushort)recordSize,
        });
        metadata.WriteTo(output);
    }

    /// <summary>One node of the search tree; each side is a <see cref="Node"/>, a <see cref="Data"/> or null (no data).</summary>
    private sealed class Node(object? left = null, object? right = null)
    {
        public object? Left = left;
        public object? Right = right;
        public int Id = -1;

        public object? this[int bit]
        {
            get => bit == 0 ? Left : Right;
            set
            {
                if (bit == 0) Left = value;
                else Right = value;
            }
        }
    }

    private sealed record Data(int Record);

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }

    private Node BuildTree()
    {
        var root = new Node();
        // Broader networks first: a more specific one then splits them and replaces only its own part.
        foreach (var (bits, prefix, record) in _networks.OrderBy(n => n.Prefix))
        {
            if (IPVersion == 4) Place(root, bits << 96, prefix - 96, new Data(record));
            else Place(root, bits, prefix, new Data(record));
        }
        if (IPVersion == 6 && AliasIPv4Mapped && _networks.Any(n => n.Prefix >= 96 && n.Bits >> 32 == 0))
        {
            // What ::/96 leads to (the IPv4 networks' subtree, or a broader record), reached from ::ffff:0:0/96 too.
            object? ipv4 = root;
            for (var i = 0; i < 96 && ipv4 is Node n; i++) ipv4 = n.Left;
            Place(root, (UInt128)0xFFFF << 32, 96, ipv4);
        }
        return root;
    }

    /// <summary>Sets the network's side of the tree to <paramref name="value"/>, splitting a broader record on the way into a node whose two sides keep it.</summary>
    private static void Place(Node root, UInt128 bits, int prefix, object? value)
    {
        if (prefix == 0)
        {
            root.Left = root.Right = value;
            return;
        }
        var node = root;
        for (var depth = 0; ; depth++)
        {
            var bit = (int)(bits >> (127 - depth)) & 1;
            if (depth == prefix - 1)
            {
                node[bit] = value;
                return;
            }
            if (node[bit] is not Node next)
            {
                next = new Node(node[bit], node[bit]);
                node[bit] = next;
            }
            node = next;
        }
    }

    /// <summary>The nodes in file order, the root first, each numbered once (the IPv4 alias shares a subtree).</summary>
    private static List<Node> Number(Node root)
    {
        var nodes = new List<Node>();
        var pending = new Stack<Node>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            if (node.Id >= 0) continue;
            node.Id = nodes.Count;
            nodes.Add(node);
            if (node.Right is Node right && right.Id < 0) pending.Push(right);
            if (node.Left is Node left && left.Id < 0) pending.Push(left);
        }
        return nodes;
    }

    private static UInt128 Mask(int prefix) => prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix);

    private static void WriteUInt24(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 16);
        buffer[offset + 1] = (byte)(value >> 8);
        buffer[offset + 2] = (byte)value;
    }

    /// <summary>The data section's types, numbered as in the spec; those above 7 are "extended". Pointers, containers and end markers are never written.</summary>
    private enum Kind { Utf8String = 2, Double = 3, Bytes = 4, UInt16 = 5, UInt32 = 6, Map = 7, Int32 = 8, UInt64 = 9, UInt128 = 10, Array = 11, Boolean = 14, Float = 15 }

    private static void Encode(MemoryStream output, object value)
    {
        switch (value)
        {
            case string s:
                var utf8 = Encoding.UTF8.GetBytes(s);
                Control(output, Kind.Utf8String, utf8.Length);
                output.Write(utf8);
                break;
            case bool b:
                Control(output, Kind.Boolean, b ? 1 : 0);
                break;
            case ushort u16:
                Unsigned(output, Kind.UInt16, u16, 2);
                break;
            case uint u32:
                Unsigned(output, Kind.UInt32, u32, 4);
                break;
            case ulong u64:
                Unsigned(output, Kind.UInt64, u64, 8);
                break;
            case UInt128 u128:
                Unsigned(output, Kind.UInt128, u128, 16);
                break;
            case int i32 when i32 < 0:
                Control(output, Kind.Int32, 4);
                Span<byte> four = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(four, i32);
                output.Write(four);
                break;
            case int i32:
                Unsigned(output, Kind.Int32, (uint)i32, 4);
                break;
            case double d:
                Control(output, Kind.Double, 8);
                Span<byte> eight = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(eight, d);
                output.Write(eight);
                break;
            case float f:
                Control(output, Kind.Float, 4);
                Span<byte> single = stackalloc byte[4];
                BinaryPrimitives.WriteSingleBigEndian(single, f);
                output.Write(single);
                break;
            case byte[] bytes:
                Control(output, Kind.Bytes, bytes.Length);
                output.Write(bytes);
                break;
            case IDictionary map:
                var pairs = new List<(string Key, object Value)>(map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Key is not string key) throw new ArgumentException($"A map key must be a string, not {entry.Key.GetType().Name}.");
                    pairs.Add((key, entry.Value ?? throw new ArgumentException($"The value of \"{key}\" is null: leave the key out instead.")));
                }
                // Keys in ordinal order: the same map written twice is the same bytes, so it is stored once.
                pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                Control(output, Kind.Map, pairs.Count);
                foreach (var (key, item) in pairs)
                {
                    Encode(output, key);
                    Encode(output, item);
                }
                break;
            case IEnumerable list:
                var items = list.Cast<object?>().ToList();
                Control(output, Kind.Array, items.Count);
                foreach (var item in items) Encode(output, item ?? throw new ArgumentException("A list holds a null."));
                break;
            default:
                throw new ArgumentException($"No MaxMind DB type for {value.GetType().Name}.");
        }
    }

    /// <summary>An unsigned number (or a non-negative int32) in as few big-endian bytes as it needs: zero takes none.</summary>
    private static void Unsigned(MemoryStream output, Kind type, UInt128 value, int maxBytes)
    {
        Span<byte> all = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(all, value);
        var significant = all.TrimStart((byte)0);
        if (significant.Length > maxBytes) throw new ArgumentOutOfRangeException(nameof(value));
        Control(output, type, significant.Length);
        output.Write(significant);
    }

    /// <summary>The control byte: the type in its top 3 bits (0 and a second byte for the extended types), then the size.</summary>
    private static void Control(MemoryStream output, Kind type, int size)
    {
        var (sizeBits, extra, extraBytes) = size switch
        {
            < 29 => (size, 0, 0),
            < 29 + 256 => (29, size - 29, 1),
            < 285 + 65536 => (30, size - 285, 2),
            < 65821 + (1 << 24) => (31, size - 65821, 3),
            _ => throw new ArgumentException($"A value of {size} bytes or items is too large for a MaxMind DB."),
        };
        if (type <= Kind.Map)
        {
            output.WriteByte((byte)((int)type << 5 | sizeBits));
        }
        else
        {
            output.WriteByte((byte)sizeBits);
            output.WriteByte((byte)(type - Kind.Map));
        }
        for (var i = extraBytes - 1; i >= 0; i--) output.WriteByte((byte)(extra >> (8 * i)));
    }
}
