#pragma once

#include <QtGlobal>

namespace sockpit {

// A check value appended to a message before it is sent, as many device protocols expect. The CRC
// variants are named as in the catalogue of parametrised CRC algorithms (width, polynomial, initial
// value, reflection, final XOR), so a user can match them to a device's manual:
//   CRC-16/MODBUS       poly 0x8005, init 0xFFFF, reflected,     xorout 0      check 0x4B37
//   CRC-16/IBM-3740     poly 0x1021, init 0xFFFF, not reflected, xorout 0      check 0x29B1
//                       (the one widely called "CRC-16/CCITT-FALSE")
//   CRC-16/XMODEM       poly 0x1021, init 0x0000, not reflected, xorout 0      check 0x31C3
//   CRC-16/KERMIT       poly 0x1021, init 0x0000, reflected,     xorout 0      check 0x2189
//                       (the one called "CRC-16/CCITT" in the Kermit protocol and some manuals)
//   CRC-32/ISO-HDLC     poly 0x04C11DB7, init 0xFFFFFFFF, reflected, xorout 0xFFFFFFFF, check 0xCBF43926
//                       (the CRC-32 of zip, PNG and Ethernet)
// ("check" is the value for the nine ASCII bytes "123456789".)
//   Sum8                the sum of all bytes modulo 256                        check 0xDD
//   Xor8                all bytes XORed together                               check 0x31
enum class ChecksumKind { None, Sum8, Xor8, Crc16Modbus, Crc16Ibm3740, Crc16Xmodem, Crc16Kermit, Crc32 };

// How a multi-byte check value is written after the message.
enum class ByteOrder { BigEndian, LittleEndian };

struct ChecksumSpec
{
    ChecksumKind kind = ChecksumKind::None;
    ByteOrder order = ByteOrder::BigEndian;

    bool operator==(const ChecksumSpec &other) const { return kind == other.kind && order == other.order; }
    bool operator!=(const ChecksumSpec &other) const { return !(*this == other); }
};

// Checking the check value a peer put in each message it sent. A device frame is often
// [start byte][covered bytes][check value][end byte]: `skipFirst` bytes before the covered range and
// `skipLast` bytes after the check value are left out (a session framed by a delimiter leaves its
// delimiter out as well, since the delimiter is added after the check value).
struct ChecksumCheck
{
    ChecksumSpec spec; // kind None: nothing is checked
    int skipFirst = 0;
    int skipLast = 0;

    bool enabled() const { return spec.kind != ChecksumKind::None; }
    bool operator==(const ChecksumCheck &other) const
    {
        return spec == other.spec && skipFirst == other.skipFirst && skipLast == other.skipLast;
    }
    bool operator!=(const ChecksumCheck &other) const { return !(*this == other); }
};

} // namespace sockpit
