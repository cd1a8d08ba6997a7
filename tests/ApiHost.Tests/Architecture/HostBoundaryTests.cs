using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SocialFlow.ApiHost.Tests.Architecture;

/// <summary>
/// The API host talks to grains through their contracts only: no type of the compiled host may use a type of a
/// grain implementation namespace (SocialFlow.Grains.* other than SocialFlow.Grains.Interfaces*) or of Npgsql.
/// Read from the assembly's metadata: base types, interfaces, fields, signatures, attributes, locals and every type,
/// method and field token in method bodies (generic instantiations included).
/// </summary>
public sealed class HostBoundaryTests
{
    private static readonly Lazy<IReadOnlyList<(string User, string Used)>> Uses = new(ReadUses);

    [Fact]
    public void ApiHost_UsesNoGrainImplementationOrNpgsqlType()
    {
        var offences = Uses.Value.Where(u => IsForbidden(u.Used)).Select(u => $"{u.User} uses {u.Used}").Distinct().Order().ToList();

        Assert.True(offences.Count == 0, $"The API host reaches past the grain contracts:{Environment.NewLine}{string.Join(Environment.NewLine, offences)}");
    }

    [Fact]
    public void Reader_SeesTheHostsUseOfContracts()
    {
        // The check above is only as good as this reader: it must see what the host does use.
        Assert.Contains(("SocialFlow.ApiHost.Endpoints.VideoStreamEndpoints", "SocialFlow.Grains.Interfaces.Media.IMediaFiles"), Uses.Value);
        Assert.Contains(("SocialFlow.ApiHost.Endpoints.AuthEndpoints", "SocialFlow.Grains.Interfaces.Users.OpaqueToken"), Uses.Value);
    }

    private static bool IsForbidden(string type) =>
        type.StartsWith("Npgsql", StringComparison.Ordinal)
        || ((type.StartsWith("SocialFlow.Grains.", StringComparison.Ordinal) || type.StartsWith("SocialFlow.Grains<", StringComparison.Ordinal))
            && !type.StartsWith("SocialFlow.Grains.Interfaces", StringComparison.Ordinal));

    private static IReadOnlyList<(string User, string Used)> ReadUses()
    {
        using var pe = new PEReader(File.OpenRead(typeof(Program).Assembly.Location));
        var reader = pe.GetMetadataReader();
        var uses = new List<(string, string)>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var user = OutermostName(reader, handle);
            var used = new HashSet<string>(StringComparer.Ordinal);
            var names = new TypeNames(used);
            TypeUses(reader, pe, handle, names);
            uses.AddRange(used.Select(u => (user, u)));
        }
        return uses;
    }

    private static void TypeUses(MetadataReader reader, PEReader pe, TypeDefinitionHandle handle, TypeNames names)
    {
        var type = reader.GetTypeDefinition(handle);
        if (!type.BaseType.IsNil) names.Entity(reader, type.BaseType);
        foreach (var i in type.GetInterfaceImplementations()) names.Entity(reader, reader.GetInterfaceImplementation(i).Interface);
        Attributes(reader, type.GetCustomAttributes(), names);
        foreach (var g in type.GetGenericParameters()) GenericParameter(reader, g, names);
        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            field.DecodeSignature(names, null);
            Attributes(reader, field.GetCustomAttributes(), names);
        }
        foreach (var p in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(p);
            property.DecodeSignature(names, null);
            Attributes(reader, property.GetCustomAttributes(), names);
        }
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            method.DecodeSignature(names, null);
            Attributes(reader, method.GetCustomAttributes(), names);
            foreach (var p in method.GetParameters()) Attributes(reader, reader.GetParameter(p).GetCustomAttributes(), names);
            foreach (var g in method.GetGenericParameters()) GenericParameter(reader, g, names);
            if (method.RelativeVirtualAddress != 0) Body(reader, pe.GetMethodBody(method.RelativeVirtualAddress), names);
        }
    }

    private static void GenericParameter(MetadataReader reader, GenericParameterHandle handle, TypeNames names)
    {
        foreach (var c in reader.GetGenericParameter(handle).GetConstraints()) names.Entity(reader, reader.GetGenericParameterConstraint(c).Type);
    }

    private static void Attributes(MetadataReader reader, CustomAttributeHandleCollection attributes, TypeNames names)
    {
        foreach (var a in attributes) names.Entity(reader, reader.GetCustomAttribute(a).Constructor);
    }

    private static void Body(MetadataReader reader, MethodBodyBlock body, TypeNames names)
    {
        if (!body.LocalSignature.IsNil) reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var first = il.ReadByte();
            var code = first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first;
            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    names.Entity(reader, MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSig:
                    reader.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(il.ReadInt32() & 0xFFFFFF)).DecodeMethodSignature(names, null);
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case var operand:
                    il.Offset += OperandSize(operand);
                    break;
            }
        }
    }

    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value, o => o.OperandType);

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static string OutermostName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested) type = reader.GetTypeDefinition(type.GetDeclaringType());
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? reader.GetString(type.Name) : $"{ns}.{reader.GetString(type.Name)}";
    }

    /// <summary>Decodes signatures to names, collecting the full name of every type they mention.</summary>
    private sealed class TypeNames(HashSet<string> used) : ISignatureTypeProvider<string, object?>
    {
        public void Entity(MetadataReader reader, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference: GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0); break;
                case HandleKind.TypeDefinition: GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0); break;
                case HandleKind.TypeSpecification: GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0); break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(reader, member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(this, null);
                    else member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(reader, spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    reader.GetMethodDefinition((MethodDefinitionHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    reader.GetFieldDefinition((FieldDefinitionHandle)handle).DecodeSignature(this, null);
                    break;
            }
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            var name = reader.GetString(type.Name);
            var scope = type.ResolutionScope;
            string ns;
            if (scope.Kind == HandleKind.TypeReference)
            {
                var outer = GetTypeFromReference(reader, (TypeReferenceHandle)scope, 0);
                name = $"{outer}+{name}";
                ns = "";
            }
            else
            {
                ns = reader.GetString(type.Namespace);
            }
            var full = ns.Length == 0 ? name : $"{ns}.{name}";
            used.Add(full);
            return full;
        }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => OutermostName(reader, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";
        public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";
    }
}
